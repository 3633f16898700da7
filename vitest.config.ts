import { spawnSync } from 'node:child_process';
import { delimiter, dirname } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The lab tests start Python a few hundred times. Where `python3` is a version manager's shim (pyenv's
 * is a shell script), each start costs about 0.37 s instead of 0.09 s: put the interpreter's own
 * directory first on PATH. Without python3 nothing changes, and the lab tests fail with the install line.
 */
function realPythonFirst(): Record<string, string> {
  const found = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  const executable = found.status === 0 ? found.stdout.trim() : '';
  return executable ? { PATH: `${dirname(executable)}${delimiter}${process.env.PATH ?? ''}` } : {};
}

/**
 * Vitest runs the files it has no timings for largest first. The ML labs' file is small but the
 * longest (a virtual environment, then training and a server: 45 to 90 s): started first, it runs
 * beside the others and the builds instead of finishing alone after them.
 */
class LongestKnownFirst extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const index = sorted.findIndex((spec) => spec.moduleId.endsWith('tests/labs/python-ml-labs.test.ts'));
    if (index < 0) return sorted;
    const [longest] = sorted.splice(index, 1);
    const first = sorted.findIndex((spec) => spec.project.name === longest!.project.name);
    sorted.splice(first < 0 ? 0 : first, 0, longest!);
    return sorted;
  }
}

const site = {
  environment: 'node' as const,
  globalSetup: ['tests/support/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // One browser and one preview server per project, and its files one after another: on two cores the
  // browser tests are CPU-bound, and running files side by side made the suite slower and flaky.
  fileParallelism: false,
  // expect.poll gives up after 1 s by default: a page reloaded on a loaded CI machine can take longer to
  // show its state (seen when the browser projects ran side by side). A passing poll is not slowed.
  expect: { poll: { timeout: 10_000 } },
};

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    sequence: { sequencer: LongestKnownFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/labs/**/*.test.ts', 'tests/deploy/files.test.ts'],
          environment: 'node',
          env: realPythonFirst(),
          // Lab files start servers and scripts: on a busy machine 5 s is too short for some of them.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'site',
          include: ['tests/build/**/*.test.ts', 'tests/e2e/**/*.test.ts', 'tests/quality/html.test.ts'],
          ...site,
        },
      },
      {
        // axe on every page, the longest file: a project of its own so it can be run alone
        // (npx vitest run --project a11y).
        test: { name: 'a11y', include: ['tests/quality/accessibility.test.ts'], ...site },
      },
      {
        // The browser tests whose outcome depends on the base path and the team's settings (links,
        // search, saved progress and its export, print) against a team's build: the example overlay
        // under /handbook/ (npm run build:example), plus the overlay's own tests, the print view as PDF
        // (its team track is short) and the nginx config in front of it. The knowledge check and
        // keyboard tests use nothing the base path changes; nor do the tests written with
        // itAtRootOnly (tests/support/browser.ts), which only the main build's run defines.
        test: {
          name: 'team-site',
          include: ['tests/e2e/**/*.test.ts', 'tests/team/**/*.test.ts', 'tests/deploy/nginx.test.ts', 'tests/deploy/sync.test.ts', 'tests/deploy/serve-local.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/e2e/knowledge-check.test.ts', 'tests/e2e/keyboard.test.ts'],
          env: { BASE_PATH: '/handbook/', HANDBOOK_DIST: 'dist-base' },
          ...site,
        },
      },
    ],
  },
});
