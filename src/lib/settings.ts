/**
 * The team settings: one typed, validated object, read from handbook.config.ts and overridden by
 * the environment (BASE_PATH, SITE_URL, HANDBOOK_TITLE). A mistake stops the build with a message
 * naming the setting, before Astro starts.
 */
import { z } from 'astro/zod';
import { HIDEABLE_TRACKS } from './tracks';
import { normaliseBase } from './urls';

const path = z
  .string()
  .regex(/^\/([A-Za-z0-9._~-]+\/)*$/, { error: 'a base path looks like "/" or "/handbook/" (letters, digits, . _ ~ -, ending in /)' });

// An https address with a host (and port) and a path of plain segments: nothing after the project.
const HOST = String.raw`[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?`;
// GitHub and GitLab names: letters, digits, _ . -, never starting with "-" or "." (so "/-/issues" is refused).
const SEGMENT = String.raw`[A-Za-z0-9_][A-Za-z0-9_.-]*`;
const projectAddress = (segments: string, error: string) =>
  z
    .string({ error: 'projectUrl is the project’s address, e.g. "https://github.com/acme/handbook"' })
    .trim()
    .regex(new RegExp(`^https://${HOST}${segments}/?$`), { error })
    .refine((url) => !/\.git\/?$/.test(url), { error: 'the project address is the page you open in a browser: drop ".git" at the end' })
    .transform((url) => url.replace(/\/$/, ''));
const tracker = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('github'),
      projectUrl: projectAddress(`/${SEGMENT}/${SEGMENT}`, 'a GitHub project is https://github.com/OWNER/REPO (or your GitHub Enterprise host instead of github.com), with nothing after the repository name'),
    }),
    z.strictObject({
      kind: z.literal('gitlab'),
      projectUrl: projectAddress(`(?:/${SEGMENT}){2,}`, 'a GitLab project is https://HOST/GROUP/PROJECT (subgroups between them allowed), with nothing after the project name'),
    }),
  ],
  { error: 'a tracker is { kind: "github" or "gitlab", projectUrl: "https://…" }' },
);

// An HTTP header name nginx can read as $upstream_http_<name>.
const header = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'a header name is letters, digits and dashes, e.g. "X-Auth-Request-User"' });

export const settingsSchema = z.strictObject({
  /** The site's name, in the header, page titles and the progress report. */
  title: z.string().trim().min(1).default('Backend to DevOps & MLOps Handbook'),
  /** A one-line description for search engines and link previews. */
  description: z.string().trim().min(1).default('A practical handbook that takes backend developers into DevOps and MLOps work.'),
  /** A logo file in the repository, from its root (e.g. "./src/content/docs/team/logo.svg"), shown before or instead of the title. */
  logo: z
    .strictObject({
      src: z.string().regex(/^\.\/\S+\.(svg|png|jpe?g|webp|avif)$/i, { error: 'a logo is an image file written from the repository root, starting with "./", e.g. "./src/content/docs/team/logo.svg"' }),
      alt: z.string().default(''),
      replacesTitle: z.boolean().default(false),
    })
    .optional(),
  /** Where the site is served from; the BASE_PATH environment variable overrides it. */
  basePath: path.default('/'),
  /** The public address; the SITE_URL environment variable overrides it. Used for canonical links and the sitemap. */
  siteUrl: z.url({ protocol: /^https?$/, error: 'siteUrl is a full http(s) address, e.g. "https://intranet.example.com"' }).default('https://handbook.example.org'),
  /** "Edit page" links: the edit address of the repository root, e.g. "https://github.com/acme/handbook/edit/main/". */
  editLinkBase: z.url().optional(),
  /** Which tracks the sidebar, landing page and progress page show. Hidden pages still build, so links keep working. */
  tracks: z.array(z.enum(HIDEABLE_TRACKS)).min(1, { error: 'show at least one track' }).default([...HIDEABLE_TRACKS]),
  /** The colour theme a first-time visitor gets; readers can still switch. */
  defaultTheme: z.enum(['auto', 'light', 'dark']).default('auto'),
  /**
   * HTTP Strict Transport Security in the shipped nginx config. Off by default: turn it on only when
   * the site is served over TLS alone, since browsers then refuse plain HTTP for `maxAge` seconds.
   */
  hsts: z
    .strictObject({
      maxAge: z.number().int().min(300, { error: 'hsts.maxAge is in seconds; at least 300, typically 31536000 (a year)' }).default(31_536_000),
      includeSubDomains: z.boolean().default(false),
      preload: z.boolean().default(false),
    })
    .optional(),
  /**
   * The team progress page (/team-progress/): a lead drops the progress exports of several people and
   * sees who is where. Off by default; the files are read in the browser and never uploaded.
   */
  teamView: z.boolean().default(false),
  /**
   * The team's issue tracker, for the learning paths' "Open as onboarding issue": with it, a path links
   * to the project's new-issue form with the path's task list filled in. `projectUrl` is the project's
   * address: https://github.com/OWNER/REPO (or a GitHub Enterprise host), or
   * https://gitlab.example.com/GROUP/PROJECT (subgroups allowed). Without it readers copy the Markdown.
   */
  tracker: tracker.optional(),
  /**
   * Offline reading: a service worker keeps pages, assets and the search index on the reader's device.
   * "auto" keeps the whole handbook after the first visit while it is small enough (40 MB), else lets
   * readers choose tracks; "choose" always lets them choose; "off" removes the worker readers have.
   */
  offline: z.enum(['auto', 'choose', 'off'], { error: 'offline is "auto", "choose" or "off"' }).default('auto'),
  /**
   * Progress that follows a person across devices, stored by the team's own nginx under the name its
   * sign-in proxy (oauth2-proxy in nginx auth_request mode) vouches for. Off when absent. See
   * "Progress on every device" in the self-hosting guide for the set-up and what is stored.
   */
  sync: z
    .strictObject({
      /** The sign-in proxy's address as nginx reaches it; its endpoints live under /oauth2/. */
      proxy: z.url({ protocol: /^https?$/, error: 'sync.proxy is the sign-in proxy’s address as nginx reaches it, e.g. "http://127.0.0.1:4180"' }).default('http://127.0.0.1:4180').transform((url) => url.replace(/\/+$/, '')),
      /** The answer header that names the person (oauth2-proxy with --set-xauthrequest). */
      userHeader: header.default('X-Auth-Request-User'),
      /** The answer header listing the person's groups, comma-separated. */
      groupsHeader: header.default('X-Auth-Request-Groups'),
      /** Members of this group may read everyone's progress on the team progress page (with teamView). */
      leadGroup: z.string().regex(/^[A-Za-z0-9._:@\/ -]{1,100}$/, { error: 'sync.leadGroup is a group name: letters, digits, spaces and . _ : @ / -' }).optional(),
      /** The folder on the server that holds everyone's progress (a persistent volume in a container). */
      storePath: z.string().regex(/^(\/[A-Za-z0-9._-]+)+\/?$/, { error: 'sync.storePath is an absolute folder path, e.g. "/var/lib/handbook-sync"' }).default('/var/lib/handbook-sync').transform((path) => path.replace(/\/$/, '')),
    })
    .optional(),
  /** The sidebar label of the team's own pages (src/content/docs/team/). */
  teamLabel: z.string().trim().min(1).default('Our team'),
});

export type HandbookSettings = z.output<typeof settingsSchema>;
export type HandbookSettingsInput = z.input<typeof settingsSchema>;

/** Identity with types: what handbook.config.ts calls so editors complete and check the fields. */
export const defineHandbookConfig = (settings: HandbookSettingsInput): HandbookSettingsInput => settings;

/** Applies environment overrides, validates, and throws one readable error listing every problem. */
export function resolveSettings(fromFile: unknown, env: Record<string, string | undefined>): HandbookSettings {
  const input = { ...(typeof fromFile === 'object' && fromFile ? fromFile : {}) } as Record<string, unknown>;
  if (env.BASE_PATH) input.basePath = normaliseBase(env.BASE_PATH);
  if (env.SITE_URL) input.siteUrl = env.SITE_URL;
  if (env.HANDBOOK_TITLE) input.title = env.HANDBOOK_TITLE;
  const result = settingsSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.join('.') || '(the settings object)';
    const source = field === 'basePath' && env.BASE_PATH ? ' (from BASE_PATH)' : field === 'siteUrl' && env.SITE_URL ? ' (from SITE_URL)' : '';
    return `  - ${field}${source}: ${issue.message}`;
  });
  throw new Error(`handbook.config.ts has invalid settings:\n${problems.join('\n')}`);
}
