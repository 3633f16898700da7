// Structured logs: one JSON object per line on stdout. The process does not manage log files;
// whatever runs it (Docker, Kubernetes, a log agent) collects stdout, which is the 12-factor way.

export type Level = 'info' | 'warn' | 'error';

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  process.stdout.write(line + '\n');
}
