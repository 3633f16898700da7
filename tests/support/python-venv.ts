/**
 * A virtual environment for the Python ML labs, made by the test run from the labs' own pinned
 * requirements files. Where this machine's package index cannot give a pinned release (the labs pin
 * NumPy 2.5, pandas 3.1, FastAPI 0.143 and Pydantic 2.14, which need Python 3.12 or newer; these
 * machines have Python 3.11), the install is retried with the nearest release named in SUBSTITUTES,
 * and the test output says which. Anything else that cannot be installed fails with the pip command.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A lab's pin, and the release these machines install instead when the pin cannot be installed. */
export const SUBSTITUTES: Record<string, { pinned: string; here: string }> = {
  numpy: { pinned: '2.5.3', here: '2.4.6' },
  pandas: { pinned: '3.1.1', here: '3.0.6' },
  fastapi: { pinned: '0.143.0', here: '0.142.2' },
  pydantic: { pinned: '2.14.0', here: '2.13.5' },
};

export interface Pin {
  name: string;
  version: string;
  where: string;
}

/** The `name==version` lines of a requirements file and the files it includes with `-r`. */
export function readPins(file: string): Pin[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((raw, index): Pin[] => {
      const line = raw.replace(/#.*/, '').trim();
      if (!line) return [];
      const include = /^-r\s+(\S+)$/.exec(line);
      if (include) return readPins(resolve(dirname(file), include[1]!));
      const pin = /^([A-Za-z0-9_.-]+)==(\S+)$/.exec(line);
      if (!pin) throw new Error(`${file}:${index + 1}: "${line}" is not pinned with ==`);
      return [{ name: pin[1]!.toLowerCase(), version: pin[2]!, where: `${file}:${index + 1}` }];
    });
}

/** One pin per package across the files; two labs that disagree on a version cannot share a venv. */
export function mergePins(pins: Pin[]): Pin[] {
  const byName = new Map<string, Pin>();
  for (const pin of pins) {
    const seen = byName.get(pin.name);
    if (seen && seen.version !== pin.version) throw new Error(`${pin.name}: ${seen.version} in ${seen.where}, ${pin.version} in ${pin.where}`);
    byName.set(pin.name, pin);
  }
  return [...byName.values()];
}

/** The pins with every substitute applied; a substitute whose `pinned` no longer matches the lab is an error. */
export function substituted(pins: Pin[]): { pins: Pin[]; used: string[] } {
  const used: string[] = [];
  const result = pins.map((pin) => {
    const substitute = SUBSTITUTES[pin.name];
    if (!substitute) return pin;
    if (substitute.pinned !== pin.version) {
      throw new Error(`${pin.where} pins ${pin.name}==${pin.version}, but SUBSTITUTES in tests/support/python-venv.ts names ${substitute.pinned}: update it`);
    }
    used.push(`${pin.name} ${substitute.here} for ${pin.version}`);
    return { ...pin, version: substitute.here };
  });
  return { pins: result, used };
}

function pip(python: string, requirements: string) {
  // PIP_RETRIES=0 unless set: where the public index is unreachable, pip gives up on it at once
  // instead of backing off five times per package (minutes) before it uses a configured local index.
  // --no-compile: byte-compiling every installed module takes pip longer than the labs' first imports
  // take to compile the modules they use (the test lets Python cache those).
  return spawnSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-compile', '-r', requirements], {
    encoding: 'utf8',
    env: { ...process.env, PIP_RETRIES: process.env.PIP_RETRIES ?? '0', PIP_PROGRESS_BAR: 'off' },
    timeout: 600_000,
  });
}

/**
 * Creates `<work>/venv` and installs the labs' pins. Returns the venv's python and the substitutes
 * it needed (empty where the exact pins installed).
 */
export function createLabVenv(work: string, requirementFiles: string[]): { python: string; bin: string; substitutes: string[] } {
  const venv = join(work, 'venv');
  const made = spawnSync('python3', ['-m', 'venv', venv], { encoding: 'utf8' });
  if (made.status !== 0) {
    throw new Error(`python3 -m venv failed (${made.stderr.trim() || made.error}): sudo apt-get install -y python3 python3-venv`);
  }
  const bin = join(venv, 'bin');
  const python = join(bin, 'python');
  const pins = mergePins(requirementFiles.flatMap(readPins));
  const write = (list: Pin[]) => {
    const file = join(work, 'requirements-test.txt');
    writeFileSync(file, list.map((pin) => `${pin.name}==${pin.version}\n`).join(''));
    return file;
  };
  const exact = write(pins);
  let result = pip(python, exact);
  if (result.status === 0) return { python, bin, substitutes: [] };
  const { pins: nearest, used } = substituted(pins);
  const file = write(nearest);
  result = pip(python, file);
  if (result.status !== 0) {
    throw new Error(
      `Installing the ML labs' packages failed: ${python} -m pip install -r ${file}\n${nearest.map((pin) => `${pin.name}==${pin.version}`).join(' ')}\n${result.stderr.slice(-3000)}`,
    );
  }
  return { python, bin, substitutes: used };
}
