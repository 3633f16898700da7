import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/lib/settings';

describe('team settings', () => {
  it('fills in defaults for an empty file', () => {
    const settings = resolveSettings({}, {});
    expect(settings).toMatchObject({ basePath: '/', tracks: ['devops', 'mlops'], defaultTheme: 'auto', teamLabel: 'Our team' });
    expect(settings.title).toMatch(/Handbook/);
  });

  it('lets the environment override the file', () => {
    const settings = resolveSettings({ basePath: '/docs/', title: 'From file' }, { BASE_PATH: 'handbook', SITE_URL: 'https://intranet.example.com', HANDBOOK_TITLE: 'Acme' });
    expect(settings).toMatchObject({ basePath: '/handbook/', siteUrl: 'https://intranet.example.com', title: 'Acme' });
  });

  it('names every invalid setting, and where it came from', () => {
    const attempt = () =>
      resolveSettings({ tracks: ['devops', 'frontend'], defaultTheme: 'purple', colour: 'red' }, { SITE_URL: 'intranet' });
    expect(attempt).toThrow(/handbook\.config\.ts has invalid settings/);
    expect(attempt).toThrow(/tracks\.1:/);
    expect(attempt).toThrow(/defaultTheme:/);
    expect(attempt).toThrow(/siteUrl \(from SITE_URL\):/);
    expect(attempt).toThrow(/colour|Unrecognized key/);
  });

  it('refuses a base path that is not a clean path, and an empty track list', () => {
    expect(() => resolveSettings({ basePath: '/my handbook/' }, {})).toThrow(/basePath: a base path looks like/);
    expect(() => resolveSettings({}, { BASE_PATH: '/a?b/' })).toThrow(/basePath \(from BASE_PATH\)/);
    expect(() => resolveSettings({ tracks: [] }, {})).toThrow(/show at least one track/);
  });
});
