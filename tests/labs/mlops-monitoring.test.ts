/**
 * The model monitoring lab's alert rules (labs/mlops-monitoring/prometheus): promtool runs their unit
 * tests (tests/model.test.yml and, for the alerts that need days of history, tests/model-weekly.test.yml),
 * every alert fires in one of them at its severity, and a threshold changed by mistake turns them red.
 * `promtool check config` of the same folder runs in config-validation.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';

const LAB = 'labs/mlops-monitoring/prometheus';
const TESTS = ['tests/model.test.yml', 'tests/model-weekly.test.yml'];

if (spawnSync('promtool', ['--version']).error) {
  throw new Error('the model monitoring lab tests need promtool: sudo apt-get install -y prometheus');
}

const work = mkdtempSync(join(tmpdir(), 'handbook-mlops-monitoring-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function testRules(dir: string) {
  const result = spawnSync('promtool', ['test', 'rules', ...TESTS], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface Rule {
  alert?: string;
  labels?: Record<string, string>;
}
const alerts: Rule[] = parse(readFileSync(`${LAB}/rules.yml`, 'utf8'))
  .groups.flatMap((group: { rules: Rule[] }) => group.rules)
  .filter((rule: Rule) => rule.alert);

interface Case {
  alert_rule_test?: { alertname: string; exp_alerts: { exp_labels: Record<string, string> }[] }[];
}
const cases: Case[] = TESTS.flatMap((file) => parse(readFileSync(join(LAB, file), 'utf8')).tests);

describe('model monitoring lab: Prometheus alert rules', () => {
  it('pass their unit tests (promtool test rules)', () => {
    const { status, output } = testRules(LAB);
    expect(status, output).toBe(0);
    expect(output.match(/SUCCESS/g)).toHaveLength(TESTS.length);
  });

  it('have a test case in which each alert fires, at its severity, and one in which it stays quiet', () => {
    const checks = cases.flatMap((test) => test.alert_rule_test ?? []);
    const firing = new Set(checks.flatMap((check) => check.exp_alerts.map((alert) => `${check.alertname} ${alert.exp_labels.severity}`)));
    const quiet = new Set(checks.filter((check) => check.exp_alerts.length === 0).map((check) => check.alertname));
    expect(alerts.length).toBeGreaterThanOrEqual(7);
    for (const rule of alerts) expect(firing, rule.alert).toContain(`${rule.alert} ${rule.labels?.severity}`);
    // Drift alerts have no `for:`; the quiet cases show the others wait, or ignore what they must.
    expect([...quiet].sort()).toEqual(['ModelApiDown', 'ModelAtRiskShareShift', 'ModelDriftCheckStale', 'ModelPredictLatencyHigh', 'ModelPredictionRateDrop']);
  });

  it('catch a regression: the tests fail when the feature drift threshold moves from 0.25 to 0.35', () => {
    cpSync(LAB, join(work, 'prometheus'), { recursive: true });
    const rules = join(work, 'prometheus/rules.yml');
    writeFileSync(rules, readFileSync(rules, 'utf8').replace('model_feature_psi{job="model_drift"}) >= 0.25', 'model_feature_psi{job="model_drift"}) >= 0.35'));
    const { status, output } = testRules(join(work, 'prometheus'));
    expect(status).not.toBe(0);
    expect(output).toMatch(/FAILED:[\s\S]*a drifted input feature opens a ticket[\s\S]*alertname: ModelFeatureDrift/);
  });
});
