/**
 * Progress carried in a link: "Move to another device" on the progress page. The record travels in the
 * URL's fragment (`progress/#move=1.…`), which browsers never send to a server, so moving progress needs
 * no account and leaves no copy anywhere but in the link itself.
 *
 * The fragment is the export file in a compact shape (ids kept as they are, times as base-36
 * milliseconds), zlib-deflated (its Adler-32 checksum catches a cut or altered link) and base64url
 * encoded. Decoding rebuilds the export file and hands it to `parseImport`, so a link is read by exactly
 * the rules, limits and messages of an imported file, and merged like one.
 */
import { parseImport, EXPORT_FORMAT, type ExportFile, type ImportResult } from './progress-transfer';
import { PROGRESS_VERSION } from './progress-record';
import { NOTHING_CHANGED } from './progress-messages';

/** The fragment's key and the link format's version: `#move=1.<data>`. */
export const LINK_KEY = 'move';
const LINK_VERSION = '1';
/**
 * Beyond this many characters of link a QR code stops being readable by a phone camera held at a screen
 * (the code grows past version 40's 177 x 177 modules); the page then offers the link alone.
 */
export const QR_MAX_LINK_LENGTH = 2_300;
/** A link longer than this is not a handbook's progress (the largest legal record compresses to less). */
const MAX_FRAGMENT_LENGTH = 4_000_000;


/** Compact shape: [chapter, [[id, done 0|1, changedAt, tickedAt?]]] and [chapter, [[id, choices, correct 0|1, at]]]. */
interface CompactFile {
  s: string;
  e: string;
  i: [string, [string, 0 | 1, string, string?][]][];
  a: [string, [string, string[], 0 | 1, string][]][];
}

const toBase36Time = (iso: string) => Date.parse(iso).toString(36);
const fromBase36Time = (value: unknown): unknown => {
  if (typeof value !== 'string' || !/^[0-9a-z]{1,12}$/.test(value)) return value;
  const time = new Date(parseInt(value, 36));
  return Number.isNaN(time.getTime()) ? value : time.toISOString();
};

function compact(file: ExportFile): CompactFile {
  return {
    s: file.site,
    e: toBase36Time(file.exportedAt),
    i: Object.entries(file.items).map(([chapter, items]) => [
      chapter,
      Object.entries(items).map(([id, state]) => {
        const entry: [string, 0 | 1, string, string?] = [id, state.done ? 1 : 0, toBase36Time(state.changedAt)];
        if ('tickedAt' in state && state.tickedAt) entry.push(toBase36Time(state.tickedAt));
        return entry;
      }),
    ]),
    a: Object.entries(file.answers).map(([chapter, answers]) => [
      chapter,
      Object.entries(answers).map(([id, answer]) => [id, [...answer.choices], answer.correct ? 1 : 0, toBase36Time(answer.at)]),
    ]),
  };
}

/**
 * The export file a compact one stands for. Shapes are rebuilt leniently (a wrong one becomes a value
 * the strict import refuses with its own message); only the structure around the entries is checked here.
 */
function expand(data: unknown): Record<string, unknown> | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const file = data as Record<string, unknown>;
  if (!Array.isArray(file.i) || !Array.isArray(file.a)) return null;
  const section = (rows: unknown[], entry: (fields: unknown[]) => unknown) => {
    const out: Record<string, Record<string, unknown>> = Object.create(null);
    for (const row of rows) {
      if (!Array.isArray(row) || typeof row[0] !== 'string' || !Array.isArray(row[1])) return null;
      const entries: Record<string, unknown> = Object.create(null);
      for (const fields of row[1]) {
        if (!Array.isArray(fields) || typeof fields[0] !== 'string') return null;
        entries[fields[0]] = entry(fields);
      }
      out[row[0]] = entries;
    }
    return out;
  };
  const items = section(file.i, ([, done, changedAt, tickedAt]) => ({
    done: done === 1 ? true : done === 0 ? false : done,
    changedAt: fromBase36Time(changedAt),
    ...(tickedAt === undefined ? {} : { tickedAt: fromBase36Time(tickedAt) }),
  }));
  const answers = section(file.a, ([, choices, correct, at]) => ({
    choices,
    correct: correct === 1 ? true : correct === 0 ? false : correct,
    at: fromBase36Time(at),
  }));
  if (!items || !answers) return null;
  return { format: EXPORT_FORMAT, version: PROGRESS_VERSION, site: file.s, exportedAt: fromBase36Time(file.e), items, answers };
}

async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const output = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(output).arrayBuffer());
}

const toBase64Url = (bytes: Uint8Array) => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** The fragment (without `#`) that carries `file`: `move=1.<base64url of deflated compact JSON>`. */
export async function encodeProgressFragment(file: ExportFile): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(compact(file)));
  return `${LINK_KEY}=${LINK_VERSION}.${toBase64Url(await transform(json, new CompressionStream('deflate')))}`;
}

/** Whether a page's fragment (with or without `#`) is a progress link at all. */
export const isProgressFragment = (hash: string): boolean => hash.replace(/^#/, '').startsWith(`${LINK_KEY}=`);

/**
 * Reads a progress link's fragment. Anything but a whole, unaltered link from a handbook is refused with
 * a message that says what to do; the record and summary are those an import of the same export gives.
 */
export async function decodeProgressFragment(hash: string): Promise<ImportResult> {
  const fragment = hash.replace(/^#/, '');
  const cutOrChanged = `This link is incomplete or was changed after it was made (it may have been cut short when it was copied). Copy the whole link again on the other device. ${NOTHING_CHANGED}`;
  if (!isProgressFragment(fragment)) return { ok: false, error: `This is not a progress link. ${NOTHING_CHANGED}` };
  const value = fragment.slice(LINK_KEY.length + 1);
  const dot = value.indexOf('.');
  const version = dot < 0 ? '' : value.slice(0, dot);
  if (dot < 0 || !/^\d+$/.test(version)) return { ok: false, error: cutOrChanged };
  if (version !== LINK_VERSION) {
    return { ok: false, error: `This link was made by a newer version of the handbook (link format ${version}). Update this handbook, or open the link where it was made. ${NOTHING_CHANGED}` };
  }
  if (value.length > MAX_FRAGMENT_LENGTH) return { ok: false, error: `This link is far longer than a progress link can be, so it was not read. ${NOTHING_CHANGED}` };
  const bytes = fromBase64Url(value.slice(dot + 1));
  if (!bytes || bytes.length === 0) return { ok: false, error: cutOrChanged };
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await transform(bytes, new DecompressionStream('deflate'))));
  } catch {
    return { ok: false, error: cutOrChanged };
  }
  const file = expand(data);
  if (!file) return { ok: false, error: cutOrChanged };
  return parseImport(JSON.stringify(file));
}
