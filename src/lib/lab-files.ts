/**
 * Lab files are shown in chapters from the files themselves (never pasted twice), so what a reader
 * sees is what the test suite checks. Paths are from the repository root and must stay in labs/ or
 * deploy/ (the self-hosting chapter shows the shipped server config).
 */
import { readFileSync } from 'node:fs';
import { basename, extname, isAbsolute, normalize, resolve } from 'node:path';

const BY_NAME: Record<string, string> = { Dockerfile: 'dockerfile', Makefile: 'makefile', '.dockerignore': 'txt', '.gitignore': 'txt' };
const BY_EXTENSION: Record<string, string> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.ts': 'ts',
  '.js': 'js',
  '.mjs': 'js',
  '.py': 'python',
  '.sh': 'sh',
  '.tf': 'hcl',
  '.hcl': 'hcl',
  '.toml': 'toml',
  '.md': 'md',
  '.ps1': 'powershell',
  '.sql': 'sql',
  '.conf': 'nginx',
};

/** Syntax-highlighting language for a lab file, from its name or extension; plain text if unknown. */
export function labLanguage(path: string): string {
  const name = basename(path);
  return BY_NAME[name] ?? (name.startsWith('Dockerfile.') ? 'dockerfile' : BY_EXTENSION[extname(name)] ?? 'txt');
}

/** Checks a lab path and returns it normalised; throws with the path when it is not under labs/. */
export function checkLabPath(path: string): string {
  const clean = normalize(path).replaceAll('\\', '/');
  if (isAbsolute(path) || !/^(labs|deploy)\//.test(clean) || clean.split('/').includes('..')) {
    throw new Error(`LabFile path "${path}" must be a file under labs/ or deploy/, written from the repository root`);
  }
  return clean;
}

export function readLabFile(root: string, path: string): string {
  const clean = checkLabPath(path);
  try {
    return readFileSync(resolve(root, clean), 'utf8');
  } catch {
    throw new Error(`LabFile: "${clean}" does not exist (paths are written from the repository root)`);
  }
}
