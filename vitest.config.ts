import { defineConfig } from 'vitest/config';

const site = {
  environment: 'node' as const,
  globalSetup: ['tests/support/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    // Vitest's default on two cores is one worker. The browser tests mostly wait on the browser, so
    // three files run at a time; each file opens its own contexts in its project's one browser, so
    // files never share storage.
    maxWorkers: 3,
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts', 'tests/labs/**/*.test.ts', 'tests/deploy/files.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'site',
          include: ['tests/build/**/*.test.ts', 'tests/e2e/**/*.test.ts', 'tests/quality/html.test.ts'],
          ...site,
        },
      },
      {
        // axe on every page is the longest file and mostly CPU: its own project (own browser and
        // preview server) runs beside the browser tests, which mostly wait.
        test: { name: 'a11y', include: ['tests/quality/accessibility.test.ts'], ...site },
      },
      {
        // The same browser tests against a team's build: the example overlay under /handbook/
        // (npm run build:example), plus the overlay's own tests and the nginx config in front of it.
        test: {
          name: 'team-site',
          include: ['tests/e2e/**/*.test.ts', 'tests/team/**/*.test.ts', 'tests/deploy/nginx.test.ts'],
          env: { BASE_PATH: '/handbook/', HANDBOOK_DIST: 'dist-base' },
          ...site,
        },
      },
    ],
  },
});
