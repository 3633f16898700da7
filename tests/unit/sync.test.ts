import { describe, expect, it } from 'vitest';
import { applyChange, emptyRecord, recordText, type ProgressRecord } from '../../src/lib/progress-record';
import { parseImport } from '../../src/lib/progress-transfer';
import { renderNginxConfig, syncConfig } from '../../src/lib/nginx-config';
import { resolveSettings } from '../../src/lib/settings';
import { DEVICE_ID, SYNC_MAX_BYTES, USER_NAME, deviceText, listedNames, mergeDevices, progressText, readDevice, readDeviceFolder, retryDelaySeconds, stateOf, syncPaths } from '../../src/lib/sync';
import { syncedPerson } from '../../src/lib/team-view';

const tick = (record: ProgressRecord, item: string, done: boolean, at: string) => applyChange(record, { type: 'tick', chapter: 'devops/containers', item, done }, at);
const SITE = 'https://intranet.example/handbook/';

describe('progress sync rules', () => {
  it('refuses every user name that could leave its folder, and takes the usual ones', () => {
    for (const name of ['alice', 'alice@acme.example', 'a.b-c_d+e', '1234', 'x'.repeat(128)]) expect(USER_NAME.test(name), name).toBe(true);
    for (const name of ['', '..', '.', '.hidden', '../alice', 'a/b', 'a\\b', 'a%2Fb', '%2e%2e', 'a b', 'a\tb', 'a\nb', 'a\u0000b', '-x', 'x'.repeat(129), 'ä']) {
      expect(USER_NAME.test(name), JSON.stringify(name)).toBe(false);
    }
    expect(DEVICE_ID.test(crypto.randomUUID())).toBe(true);
    for (const id of ['short', 'a/b-cdefgh', '../abcdefg', 'x'.repeat(65)]) expect(DEVICE_ID.test(id), id).toBe(false);
  });

  it('reads nginx’s JSON listing: only entries of the kind asked for, with valid names', () => {
    const listing = [
      { name: 'phone-0001.json', type: 'file', mtime: 'Mon, 07 Dec 2026 21:16:25 GMT', size: 17 },
      { name: 'notes.txt', type: 'file' },
      { name: 'x.json', type: 'file' },
      { name: 'alice', type: 'directory' },
      { name: '..', type: 'directory' },
      { type: 'file' },
      'junk',
    ];
    expect(listedNames(listing, 'file', DEVICE_ID)).toEqual(['phone-0001']);
    expect(listedNames(listing, 'directory', USER_NAME)).toEqual(['alice']);
    expect(listedNames({ not: 'a list' }, 'file', DEVICE_ID)).toEqual([]);
  });

  it('reads a folder of device files: its listing, then each listed device, a missing folder as empty', async () => {
    const served: Record<string, Response | (() => Response)> = {
      '/h/_sync/me/': () => Response.json([{ name: 'laptop-0001.json', type: 'file' }, { name: 'phone-0002.json', type: 'file' }, { name: 'x.json', type: 'file' }]),
      '/h/_sync/me/laptop-0001.json': () => new Response('laptop'),
      '/h/_sync/me/phone-0002.json': () => new Response('gone', { status: 500 }),
    };
    const asked: string[] = [];
    const get = async (url: string) => {
      asked.push(url);
      const answer = served[url];
      return typeof answer === 'function' ? answer() : new Response('', { status: 404 });
    };
    expect(await readDeviceFolder('/h/_sync/me/', get)).toEqual({ status: 200, names: ['laptop-0001', 'phone-0002'], texts: ['laptop', ''] });
    expect(asked).toEqual(['/h/_sync/me/', '/h/_sync/me/laptop-0001.json', '/h/_sync/me/phone-0002.json']);
    expect(await readDeviceFolder('/h/_sync/people/nobody/', get)).toEqual({ status: 404, names: [], texts: [] });
  });

  it('writes a device’s file in the export format, which import and the team view read', () => {
    const record = tick(emptyRecord(), 'a', true, '2026-12-01T10:00:00.000Z');
    const text = deviceText(record, SITE, '2026-12-01T10:00:01.000Z');
    const imported = parseImport(text);
    expect(imported.ok && progressText(imported.record)).toBe(progressText(record));
    expect(imported.ok && imported.summary.site).toBe(SITE);
    // Read back, it is the same progress: a device does not send again what the server holds.
    expect(progressText(readDevice(text)!)).toBe(progressText(record));
    expect(progressText(tick(record, 'b', true, '2026-12-01T10:05:00.000Z'))).not.toBe(progressText(record));
    expect(readDevice('[]')).toBeNull();
    expect(readDevice('{"format":"other"}')).toBeNull();
    expect(readDevice('not json')).toBeNull();
  });

  it('merges devices so that the later change of each item wins, unticks included, in any order', () => {
    const laptop = tick(tick(emptyRecord(), 'a', true, '2026-12-01T10:00:00.000Z'), 'b', true, '2026-12-01T10:00:00.000Z');
    // The phone saw a and b, then unticked a and ticked c.
    const phone = tick(tick(laptop, 'a', false, '2026-12-01T11:00:00.000Z'), 'c', true, '2026-12-01T11:00:00.000Z');
    const texts = [deviceText(laptop, SITE, '2026-12-01T10:00:00.000Z'), deviceText(phone, SITE, '2026-12-01T11:00:00.000Z'), '{"damaged":']
    const one = mergeDevices(texts);
    const two = mergeDevices([...texts].reverse());
    expect(one.unreadable).toBe(1);
    const done = (record: ProgressRecord) => [...record.items.get('devops/containers')!].filter(([, state]) => state.done).map(([id]) => id).sort();
    expect(done(one.record!)).toEqual(['b', 'c']);
    expect(recordText(one.record!)).toBe(recordText(two.record!));
    expect(mergeDevices(['nope']).record).toBeNull();
    expect(syncedPerson('alice', texts)?.name).toBe('alice');
    expect(syncedPerson('alice', ['nope'])).toBeNull();
  });

  it('backs off from 5 seconds to at most 5 minutes, and says what each answer means', () => {
    expect([1, 2, 3, 4, 7, 20].map(retryDelaySeconds)).toEqual([5, 10, 20, 40, 300, 300]);
    expect([200, 201, 204, 401, 403, 405, 413, 500, 502, 0].map(stateOf)).toEqual(['ok', 'ok', 'ok', 'signed-out', 'refused', 'refused', 'too-large', 'unreachable', 'unreachable', 'unreachable']);
    expect(syncPaths('/handbook/')).toEqual({ me: '/handbook/_sync/me/', people: '/handbook/_sync/people/' });
  });
});

describe('the sync setting and its server config', () => {
  it('is off unless set; on, it has the oauth2-proxy defaults', () => {
    expect(resolveSettings({}, {}).sync).toBeUndefined();
    expect(resolveSettings({ sync: {} }, {}).sync).toEqual({ proxy: 'http://127.0.0.1:4180', userHeader: 'X-Auth-Request-User', groupsHeader: 'X-Auth-Request-Groups', storePath: '/var/lib/handbook-sync' });
    expect(() => resolveSettings({ sync: { userHeader: 'X-User; evil' } }, {})).toThrow(/sync\.userHeader: a header name/);
    expect(() => resolveSettings({ sync: { storePath: 'relative/path' } }, {})).toThrow(/sync\.storePath/);
    expect(() => resolveSettings({ sync: { leadGroup: 'leads"; deny all' } }, {})).toThrow(/sync\.leadGroup/);
    expect(() => resolveSettings({ sync: { proxy: 'ftp://x' } }, {})).toThrow(/sync\.proxy/);
  });

  const settings = (sync: object) => resolveSettings({ sync }, {}).sync!;

  it('renders nothing for sync when it is off', () => {
    const conf = renderNginxConfig('@@SYNC_MAPS@@\nserver {\n    @@SYNC@@\n}', { basePath: '/', csp: '' });
    expect(conf).not.toMatch(/_sync|auth_request|dav_methods/);
    expect(conf).not.toContain('@@');
  });

  it('takes the name only from the proxy’s answer and checks it with the one rule', () => {
    const { maps, locations } = syncConfig('/handbook/', settings({ leadGroup: 'handbook leads', userHeader: 'X-Forwarded-Email' }));
    expect(locations).toContain('auth_request_set $sync_user $upstream_http_x_forwarded_email;');
    expect(locations).not.toMatch(/\$http_x_/);
    expect(maps).toContain(`"~${USER_NAME.source}" $sync_user;`);
    expect(maps).toContain('"~(^|,)\\s*handbook\\sleads\\s*(,|$)" 1;');
    expect(locations).toContain(`client_max_body_size ${SYNC_MAX_BYTES};`);
    expect(locations).toContain('location ^~ /handbook/_sync/ {');
    expect(locations).toContain('client_body_temp_path /var/lib/handbook-sync/.incoming;');
  });

  it('lets nobody read others’ progress when no lead group is set', () => {
    const { maps } = syncConfig('/', settings({}));
    expect(maps).toMatch(/map \$sync_groups \$sync_lead \{\n    volatile;\n    default 0;\n\}/);
  });
});
