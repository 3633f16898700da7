/**
 * Progress sync behind the team's sign-in: the rules the browser and the server config share. No DOM;
 * the one function that reads the server takes its `get` as an argument (the sync client and the team
 * page pass fetch, the tests a stand-in).
 *
 * The server stores one file per device under the person's folder (`<base>_sync/me/<device>.json`,
 * mapped by nginx to the name the sign-in proxy vouches for). No two devices ever write the same
 * file, so no write can undo another's; every reader merges all of a person's files with the merge
 * rules of progress-record.ts (per item, the later change wins, unticks included).
 */
import { mergeRecords, readRecord, toStoredData, type ProgressRecord } from './progress-record';
import { EXPORT_FORMAT, toExportFile } from './progress-transfer';

/** The largest file a device may store (nginx's client_max_body_size for sync). */
export const SYNC_MAX_BYTES = 1_000_000;

/** A device's file name without ".json": what `crypto.randomUUID()` gives, or any 8 to 64 letters, digits and dashes. */
export const DEVICE_ID = /^[A-Za-z0-9-]{8,64}$/;
/**
 * A user name the server stores under (the folder's name): starts with a letter or digit, then
 * letters, digits and . _ @ + -, at most 128. No "/", "..", encoded separator or control character
 * fits, so no name reaches outside its folder. The server config and the team view use this one rule.
 */
export const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;

/** Where a build's sync files are: `<base>_sync/me/` (this person's devices) and `<base>_sync/people/` (leads). */
export const syncPaths = (base: string) => ({ me: `${base}_sync/me/`, people: `${base}_sync/people/` });

/** The localStorage key of this browser's device id, one per handbook. */
export const deviceKey = (base: string): string => `handbook-sync-device:${base}`;

/** The names nginx's `autoindex_format json` lists: files (devices) or directories (people), matching `pattern`. */
export function listedNames(body: unknown, type: 'file' | 'directory', pattern: RegExp): string[] {
  if (!Array.isArray(body)) return [];
  return body
    .filter((entry): entry is { name: string } => entry?.type === type && typeof entry.name === 'string')
    .map((entry) => (type === 'file' ? entry.name.replace(/\.json$/, '') : entry.name))
    .filter((name) => pattern.test(name));
}

/**
 * One device's file: the export format (progress-transfer.ts), so the progress report and the team
 * view read it as they read an export.
 */
export const deviceText = (record: ProgressRecord, site: string, savedAt: string): string => JSON.stringify(toExportFile(record, site, savedAt));

/** What a device's file holds that matters for sync: the entries, not when they were saved. */
export const progressText = (record: ProgressRecord): string => JSON.stringify({ ...toStoredData(record), updatedAt: null });

/**
 * A folder of device files on the server: its listing, then each file. `status` is the listing's HTTP
 * status (404, a folder not made yet, reads as empty); a file that cannot be fetched reads as ''.
 */
export async function readDeviceFolder(folder: string, get: (url: string) => Promise<Response>): Promise<{ status: number; names: string[]; texts: string[] }> {
  const listing = await get(folder);
  if (!listing.ok) return { status: listing.status, names: [], texts: [] };
  const names = listedNames(await listing.json(), 'file', DEVICE_ID);
  const texts = await Promise.all(
    names.map(async (name) => {
      const file = await get(`${folder}${name}.json`);
      return file.ok ? file.text() : '';
    }),
  );
  return { status: listing.status, names, texts };
}

/** A device's file read back: its record, or null when it is not one (damaged, another format, a newer version). */
export function readDevice(text: string): ProgressRecord | null {
  try {
    const file = JSON.parse(text);
    if (file?.format !== EXPORT_FORMAT) return null;
    const result = readRecord({ version: file.version, items: file.items, answers: file.answers, updatedAt: file.exportedAt }, 'lenient');
    return result.ok ? result.record : null;
  } catch {
    return null;
  }
}

/** All of a person's device files in one record; files that cannot be read are counted, never merged. */
export function mergeDevices(texts: readonly string[]): { record: ProgressRecord | null; unreadable: number } {
  let record: ProgressRecord | null = null;
  let unreadable = 0;
  for (const text of texts) {
    const one = readDevice(text);
    if (!one) unreadable++;
    else record = record ? mergeRecords(record, one) : one;
  }
  return { record, unreadable };
}

/** Seconds before the next try after `failures` failed ones: 5, 10, 20 … at most 300. */
export const retryDelaySeconds = (failures: number): number => Math.min(300, 5 * 2 ** Math.max(0, failures - 1));

/** What the sync status says; null when all is well (nothing shown). */
export type SyncState = 'ok' | 'signed-out' | 'refused' | 'too-large' | 'unreachable';

export const SYNC_NOTICES: Record<Exclude<SyncState, 'ok'>, string> = {
  'signed-out': 'Your progress is not syncing: you are not signed in (or your sign-in expired). It is kept on this device and is sent once you sign in.',
  refused: 'Your progress is not syncing: the server refused it. It is kept on this device; if this lasts, tell whoever runs the handbook.',
  'too-large': `Your progress is not syncing: it is larger than the server accepts (${SYNC_MAX_BYTES / 1_000_000} MB). It is kept on this device; export it from the progress page to move it by hand.`,
  unreachable: 'Your progress is not syncing: the server did not answer, or failed. It is kept on this device and is sent when the server answers again.',
};

/** The state an answer's status code means. */
export function stateOf(status: number): SyncState {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401) return 'signed-out';
  if (status === 413) return 'too-large';
  if (status >= 500 || status === 0) return 'unreachable';
  return 'refused';
}
