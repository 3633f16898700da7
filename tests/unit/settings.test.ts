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

  it('keeps offline reading on by default and takes only its three modes', () => {
    expect(resolveSettings({}, {}).offline).toBe('auto');
    expect(resolveSettings({ offline: 'off' }, {}).offline).toBe('off');
    expect(() => resolveSettings({ offline: true }, {})).toThrow(/offline: offline is "auto", "choose" or "off"/);
  });
});

describe('the tracker setting', () => {
  const tracker = (value: unknown) => resolveSettings({ tracker: value }, {}).tracker;

  it('is off unless set, and takes GitHub, GitHub Enterprise and GitLab projects (subgroups too)', () => {
    expect(resolveSettings({}, {}).tracker).toBeUndefined();
    expect(tracker({ kind: 'github', projectUrl: 'https://github.com/acme/handbook' })).toEqual({ kind: 'github', projectUrl: 'https://github.com/acme/handbook' });
    expect(tracker({ kind: 'github', projectUrl: 'https://ghe.acme.example/platform/onboarding.docs' })?.projectUrl).toBe('https://ghe.acme.example/platform/onboarding.docs');
    expect(tracker({ kind: 'gitlab', projectUrl: 'https://gitlab.acme.example/platform/onboarding' })?.projectUrl).toBe('https://gitlab.acme.example/platform/onboarding');
    expect(tracker({ kind: 'gitlab', projectUrl: 'https://git.acme.example:8443/eng/platform/sre/onboarding' })?.projectUrl).toBe('https://git.acme.example:8443/eng/platform/sre/onboarding');
    // A trailing slash is what a browser's address bar often shows: dropped, not refused.
    expect(tracker({ kind: 'gitlab', projectUrl: ' https://gitlab.acme.example/platform/onboarding/ ' })?.projectUrl).toBe('https://gitlab.acme.example/platform/onboarding');
  });

  it.each([
    ['a page inside the project', { kind: 'github', projectUrl: 'https://github.com/acme/handbook/issues' }, /tracker\.projectUrl: a GitHub project is https:\/\/github\.com\/OWNER\/REPO/],
    ['only an owner', { kind: 'github', projectUrl: 'https://github.com/acme' }, /tracker\.projectUrl: a GitHub project/],
    ['a query', { kind: 'github', projectUrl: 'https://github.com/acme/handbook?tab=issues' }, /tracker\.projectUrl: a GitHub project/],
    ['a fragment', { kind: 'gitlab', projectUrl: 'https://gitlab.acme.example/platform/onboarding#readme' }, /tracker\.projectUrl: a GitLab project is https:\/\/HOST\/GROUP\/PROJECT/],
    ['GitLab’s /-/ pages', { kind: 'gitlab', projectUrl: 'https://gitlab.acme.example/platform/onboarding/-/issues' }, /tracker\.projectUrl: a GitLab project/],
    ['plain http', { kind: 'gitlab', projectUrl: 'http://gitlab.acme.example/platform/onboarding' }, /tracker\.projectUrl: a GitLab project/],
    ['a group alone', { kind: 'gitlab', projectUrl: 'https://gitlab.acme.example/platform' }, /tracker\.projectUrl: a GitLab project/],
    ['the clone address', { kind: 'github', projectUrl: 'https://github.com/acme/handbook.git' }, /tracker\.projectUrl: .*drop "\.git"/],
    ['an unknown kind', { kind: 'jira', projectUrl: 'https://jira.acme.example/browse/ONB' }, /tracker\.kind: a tracker is \{ kind: "github" or "gitlab"/],
    ['no address', { kind: 'gitlab' }, /tracker\.projectUrl: projectUrl is the project’s address/],
    ['an unknown field', { kind: 'gitlab', projectUrl: 'https://gitlab.acme.example/a/b', labels: 'onboarding' }, /tracker: Unrecognized key: "labels"/],
  ])('refuses %s, naming the field', (_, value, message) => {
    expect(() => tracker(value)).toThrow(message);
  });
});
