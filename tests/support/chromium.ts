/**
 * Finds the Chromium the browser tests drive. Debian's package is the default; CHROMIUM_PATH points
 * at any other Chromium or Chrome. Missing, the suite fails with how to install it: never a skip.
 */
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHROMIUM_PATH) {
    if (existsSync(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new Error(`CHROMIUM_PATH is set to ${env.CHROMIUM_PATH}, but there is no file there.`);
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    [
      'The browser tests need Chromium, and none was found.',
      '  On Debian or Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium',
      '  Anywhere else:        point CHROMIUM_PATH at a Chromium or Chrome binary, e.g.',
      '                        CHROMIUM_PATH=/path/to/chrome npm test',
      `Looked in: ${CANDIDATES.join(', ')}.`,
    ].join('\n'),
  );
}

/** Flags that work on locked-down CI machines (root, no GPU, no outside network). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
