/**
 * The Infrastructure as Code lab's pipeline (labs/iac/terraform.yml) and its Terraform tests
 * (labs/iac/tests): the workflow plans on pull requests, applies only the saved, reviewed plan after
 * a merge, checks for drift on a schedule, and pins every action by commit SHA; the tests run on a
 * mock provider, so they need no account. (terraform itself is not installed on these machines:
 * labs.test.ts parses every .tf and .hcl file with HashiCorp's parser.)
 */
import { readFileSync } from 'node:fs';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const LAB = 'labs/iac';
const WORKFLOW = `${LAB}/terraform.yml`;
const source = readFileSync(WORKFLOW, 'utf8');
const workflow = parse(source);

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown> };
type Job = { if?: string; needs?: string | string[]; environment?: string; permissions?: Record<string, string>; concurrency?: { group: string; 'cancel-in-progress': boolean }; env?: Record<string, string>; steps: Step[] };
const jobs: Record<string, Job> = workflow.jobs;
const runs = (job: Job) => job.steps.map((step) => step.run ?? '').join('\n');

describe('IaC lab: the Terraform workflow', () => {
  it('runs on pull requests and pushes that touch the lab, on a schedule, and by hand', () => {
    expect(workflow.on.pull_request.paths).toContain('labs/iac/**');
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.on.schedule[0].cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('pins every action to a full commit SHA with its release in a comment', () => {
    const lines = source.split('\n').filter((line) => /^\s*(-\s+)?uses:/.test(line));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    // The same SHAs as the CI/CD lab, where both use an action.
    const ci = readFileSync('labs/ci-cd/ci.yml', 'utf8');
    for (const pin of ci.match(/actions\/checkout@[0-9a-f]{40}/g) ?? []) expect(source).toContain(pin);
  });

  it('checks formatting, validates and runs terraform test without any credentials', () => {
    const { checks } = jobs;
    expect(runs(checks!)).toMatch(/terraform fmt -check -recursive/);
    expect(runs(checks!)).toMatch(/terraform init -backend=false/);
    expect(runs(checks!)).toMatch(/terraform validate/);
    expect(runs(checks!)).toMatch(/terraform test/);
    expect(checks!.permissions).toBeUndefined();
    expect(JSON.stringify(checks)).not.toMatch(/secrets\.|configure-aws-credentials/);
  });

  it('plans into a saved plan file, and applies exactly that file after a merge, behind an environment', () => {
    const { plan, apply } = jobs;
    expect(runs(plan!)).toMatch(/terraform plan .*-out=dev\.tfplan/);
    expect(runs(plan!)).toMatch(/-lock-timeout=/);
    expect(apply!.needs).toBe('plan');
    expect(apply!.if).toMatch(/github\.event_name == 'push'/);
    expect(apply!.environment).toBe('iac-dev');
    expect(runs(apply!)).toMatch(/terraform apply -input=false -lock-timeout=\S+ dev\.tfplan$/m);
    const upload = plan!.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
    const download = apply!.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'))!;
    expect(download.with!.name).toBe(upload.with!.name);
    // The ephemeral token is not in the plan file, so the apply job sets it again.
    expect(apply!.env!.TF_VAR_api_token).toMatch(/secrets\./);
  });

  it('never runs two state-changing jobs at once, and never cancels one half-way', () => {
    for (const name of ['plan', 'apply']) {
      expect(jobs[name]!.concurrency, name).toEqual({ group: jobs.plan!.concurrency!.group, 'cancel-in-progress': false });
    }
  });

  it('uses OIDC, not stored AWS keys, and keeps fork pull requests away from the account', () => {
    expect(source).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/);
    for (const name of ['plan', 'apply', 'drift']) expect(jobs[name]!.permissions!['id-token'], name).toBe('write');
    expect(jobs.plan!.if).toMatch(/head\.repo\.full_name == github\.repository/);
  });

  it('checks for drift on the schedule with the refresh-only, detailed-exitcode script', () => {
    const { drift } = jobs;
    expect(drift!.if).toMatch(/'schedule'/);
    expect(runs(drift!)).toMatch(/\.\/drift-check\.sh/);
    expect(readFileSync(`${LAB}/drift-check.sh`, 'utf8')).toMatch(/terraform plan -refresh-only -detailed-exitcode/);
  });
});

describe('IaC lab: terraform test files', () => {
  it('plan on a mock provider, check names, tags and the bucket module, and expect the validations to fail', async () => {
    const file = `${LAB}/tests/exports.tftest.hcl`;
    const test = (await parseHcl(file, readFileSync(file, 'utf8'))) as Record<string, any>;
    expect(Object.keys(test.mock_provider)).toEqual(['aws']);
    const runBlocks = Object.entries(test.run as Record<string, Array<Record<string, any>>>);
    expect(runBlocks.length).toBeGreaterThanOrEqual(4);
    // hcl2json writes bare expressions as interpolations: command = plan becomes "${plan}".
    for (const [name, [block]] of runBlocks) expect(block!.command, name).toBe('${plan}');
    const failures = runBlocks.map(([, [block]]) => JSON.stringify(block!.expect_failures ?? '')).join(' ');
    expect(failures).toContain('var.environment');
    expect(failures).toContain('var.api_token');
    expect(runBlocks.some(([, [block]]) => block!.module?.[0]?.source === './modules/app-bucket')).toBe(true);
  });
});
