/**
 * The monitoring lab's rules (labs/monitoring/prometheus): promtool checks them and runs their unit
 * tests, as the chapter tells the reader to. Every alert has a test case in which it fires, and a
 * runbook_url whose section exists in the runbook, and reaches the receiver its severity names in the
 * lab's Alertmanager routing (amtool config routes test). Debian's promtool is older than the Prometheus
 * the lab runs; the rules and tests use nothing that differs between the two.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';

const LAB = 'labs/monitoring/prometheus';
const RULES = `${LAB}/rules/todo-api.yml`;
const TESTS = `${LAB}/tests/todo-api.test.yml`;
const RUNBOOK = 'labs/monitoring/runbooks/todo-api.md';
const ALERTMANAGER = 'labs/monitoring/alertmanager/alertmanager.yml';

// promtool is a test dependency like shellcheck: missing, the file fails with how to get it.
if (spawnSync('promtool', ['--version']).error) {
  throw new Error('the monitoring lab tests need promtool: sudo apt-get install -y prometheus');
}

const work = mkdtempSync(join(tmpdir(), 'handbook-monitoring-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function promtool(...args: string[]) {
  const result = spawnSync('promtool', args, { encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rules: Rule[] = parse(readFileSync(RULES, 'utf8')).groups.flatMap((group: { rules: Rule[] }) => group.rules);
const alerts = rules.filter((rule) => rule.alert);

interface AlertTest {
  alertname: string;
  exp_alerts: Array<{ exp_labels: Record<string, string> }>;
}
const cases: Array<{ name: string; alert_rule_test?: AlertTest[] }> = parse(readFileSync(TESTS, 'utf8')).tests;

describe('monitoring lab: Prometheus rules', () => {
  it('pass promtool check rules', () => {
    const { status, output } = promtool('check', 'rules', RULES);
    expect(status, output).toBe(0);
    expect(output).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('pass their unit tests (promtool test rules)', () => {
    const { status, output } = promtool('test', 'rules', TESTS);
    expect(status, output).toBe(0);
    expect(output).toContain('SUCCESS');
  });

  it('have a test case in which each alert fires, at each severity', () => {
    const firing = new Set(
      cases.flatMap((test) =>
        (test.alert_rule_test ?? []).flatMap((check) =>
          check.exp_alerts.map((alert) => `${check.alertname} ${alert.exp_labels.severity}`),
        ),
      ),
    );
    const expected = alerts.map((rule) => `${rule.alert} ${rule.labels?.severity}`);
    expect(expected.length).toBeGreaterThanOrEqual(6);
    for (const alert of expected) expect(firing, alert).toContain(alert);
  });

  it('link every alert to its section of the runbook', () => {
    const headings = new Set(
      [...readFileSync(RUNBOOK, 'utf8').matchAll(/^## (\S+)$/gm)].map((match) => match[1]!.toLowerCase()),
    );
    for (const rule of alerts) {
      expect(rule.annotations?.runbook_url, rule.alert).toBe(
        `http://localhost:9095/runbooks/todo-api.md#${rule.alert!.toLowerCase()}`,
      );
      expect(headings, rule.alert).toContain(rule.alert!.toLowerCase());
    }
  });

  it('reach the receiver their severity names: critical pages, warning opens a ticket, anything else is dropped', () => {
    const route = (...labels: string[]) => {
      const result = spawnSync('amtool', ['config', 'routes', 'test', `--config.file=${ALERTMANAGER}`, ...labels], { encoding: 'utf8' });
      if (result.error) throw new Error('the monitoring lab tests need amtool: sudo apt-get install -y prometheus-alertmanager');
      return result.stdout.trim();
    };
    for (const rule of alerts) expect(route(`alertname=${rule.alert}`, 'service=todo-api', `severity=${rule.labels!.severity}`), rule.alert).toBe(rule.labels!.severity === 'critical' ? 'pager' : 'tickets');
    expect(route('alertname=Watchdog', 'severity=info')).toBe('null');
  });

  it('count 5xx and 429 against the availability SLO, and no other 4xx', () => {
    const sli = rules.find((rule) => rule.record === 'job:slo_errors_per_request:ratio_rate5m')!;
    expect(sli.expr).toContain('status=~"5..|429"');
    expect(sli.expr).toContain('route!~"/metrics|/healthz|/readyz"');
  });

  it('catch a regression: the tests fail when the SLI stops counting 429', () => {
    cpSync(LAB, join(work, 'prometheus'), { recursive: true });
    const copy = join(work, 'prometheus/rules/todo-api.yml');
    writeFileSync(copy, readFileSync(copy, 'utf8').replaceAll('status=~"5..|429"', 'status=~"5.."'));
    const { status, output } = promtool('test', 'rules', join(work, 'prometheus/tests/todo-api.test.yml'));
    expect(status).not.toBe(0);
    expect(output).toContain('requests refused with 429 spend the availability budget');
  });
});
