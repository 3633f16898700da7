/**
 * Renders deploy/nginx.conf and deploy/security-headers.inc for one build: the base path the site
 * was built under, the CSP computed from its HTML, and HSTS when the team settings turn it on. The
 * templates keep nginx syntax readable; only these placeholders change.
 */
import type { HandbookSettings } from './settings';
import { DEVICE_ID, SYNC_MAX_BYTES, USER_NAME, syncPaths } from './sync';
import { normaliseBase } from './urls';

export interface NginxSettings {
  basePath: string;
  csp: string;
  hsts?: HandbookSettings['hsts'];
  sync?: HandbookSettings['sync'];
}

/** A rule of sync.ts inside an nginx regex: no anchors. */
const inner = (rule: RegExp) => rule.source.replace(/^\^|\$$/g, '');
/** "X-Auth-Request-User" -> "$upstream_http_x_auth_request_user": how nginx names a header of the sign-in proxy's answer. */
const answerHeader = (name: string) => `$upstream_http_${name.toLowerCase().replaceAll('-', '_')}`;
const SECURITY = 'include /etc/nginx/conf.d/security-headers.inc;';

/**
 * The sync blocks: `maps` at http level, `locations` in the server. The person's name comes only from
 * the sign-in proxy's answer to nginx's own auth subrequest, never from the client's headers, and
 * names the folder a device writes to; a name outside USER_NAME is refused with 403.
 */
export function syncConfig(base: string, sync: NonNullable<HandbookSettings['sync']>): { maps: string; locations: string } {
  const paths = syncPaths(base);
  const lead = sync.leadGroup
    ? `    "~(^|,)\\s*${sync.leadGroup.replace(/[.:@/ -]/g, (c) => (c === ' ' ? '\\s' : `\\${c}`))}\\s*(,|$)" 1;\n`
    : '';
  const maps = [
    '# Progress sync (sync in the team settings). The name the sign-in proxy vouches for, if it is one a',
    '# folder may have (no "/", "..", encoded separator or control character); empty otherwise.',
    'map $sync_user $sync_folder {',
    '    volatile;',
    `    "~${USER_NAME.source}" $sync_user;`,
    '    default "";',
    '}',
    `# 1 for members of the lead group${sync.leadGroup ? ` ("${sync.leadGroup}")` : ' (none is set: nobody reads others’ progress)'}.`,
    'map $sync_groups $sync_lead {',
    '    volatile;',
    `${lead}    default 0;`,
    '}',
  ].join('\n');
  const S = SECURITY;
  // Each sync answer: the security headers, never cached.
  const answer = `${S}\n        add_header Cache-Control "no-store" always;`;
  const locations = `# Progress sync. The sign-in proxy (oauth2-proxy in nginx auth_request mode, with --reverse-proxy
    # and --set-xauthrequest) answers nginx's subrequest with 202 and the person's name and groups, or 401.
    location /oauth2/ {
        ${S}
        proxy_pass ${sync.proxy};
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Auth-Request-Redirect $request_uri;
    }
    location = /oauth2/auth {
        internal;
        proxy_pass ${sync.proxy};
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-Uri $request_uri;
        proxy_set_header Content-Length "";
        proxy_pass_request_body off;
    }
    # ^~ keeps the page locations' regular expressions (a folder's index) away from these addresses.
    location ^~ ${paths.me.replace(/me\/$/, '')} {
        ${S}
        # This person's devices: GET lists them (JSON), GET reads one, PUT writes one.
        location ~ "^${paths.me}(?<sync_file>${inner(DEVICE_ID)}\\.json)?$" {
            auth_request /oauth2/auth;
            auth_request_set $sync_user ${answerHeader(sync.userHeader)};
            # nginx runs if and rewrite before the sign-in check; try_files hands over after it.
            try_files /.sync-after-sign-in @sync_me;
        }
        # Everyone's progress, for the team progress page: the lead group only, read only.
        location ~ "^${paths.people}(?<sync_path>(?:${inner(USER_NAME)}/(?:${inner(DEVICE_ID)}\\.json)?)?)$" {
            auth_request /oauth2/auth;
            auth_request_set $sync_groups ${answerHeader(sync.groupsHeader)};
            try_files /.sync-after-sign-in @sync_people;
        }
        return 404;
    }
    # One file per device, so no device ever overwrites another's. nginx writes the body to a
    # temporary file on the same file system and renames it into place: no one reads half a file.
    location @sync_me {
        if ($sync_folder = "") {
            ${S}
            return 403;
        }
        root ${sync.storePath};
        rewrite ^ /$sync_folder/$sync_file break;
        autoindex on;
        autoindex_format json;
        default_type application/json;
        # A person with nothing stored yet has no folder: their list is empty, not an error.
        error_page 404 = @sync_nothing;
        dav_methods PUT;
        create_full_put_path on;
        client_max_body_size ${SYNC_MAX_BYTES};
        client_body_temp_path ${sync.storePath}/.incoming;
        ${answer}
    }
    location @sync_nothing {
        default_type application/json;
        ${answer}
        return 200 "[]\\n";
    }
    location @sync_people {
        if ($sync_lead != 1) {
            ${S}
            return 403;
        }
        root ${sync.storePath};
        rewrite ^ /$sync_path break;
        autoindex on;
        autoindex_format json;
        default_type application/json;
        limit_except GET { deny all; }
        ${answer}
    }`;
  return { maps, locations };
}

/** The Strict-Transport-Security value, or null when HSTS is off. */
export function hstsHeader(hsts: NginxSettings['hsts']): string | null {
  if (!hsts) return null;
  return [`max-age=${hsts.maxAge}`, hsts.includeSubDomains && 'includeSubDomains', hsts.preload && 'preload'].filter(Boolean).join('; ');
}

export function renderNginxConfig(template: string, { basePath, csp, hsts, sync }: NginxSettings): string {
  const base = normaliseBase(basePath);
  if (/["'\\;$\s{}]/.test(base)) throw new Error(`BASE_PATH "${basePath}" has characters that do not belong in a URL path`);
  // Under a base path, "/" sends visitors to the handbook; at the root there is nothing to redirect.
  const rootRedirect = base === '/' ? '' : `location = / {\n        ${SECURITY}\n        return 302 ${base};\n    }`;
  const header = hstsHeader(hsts);
  const synced = sync ? syncConfig(base, sync) : { maps: '# Progress sync is off (sync in the team settings turns it on).', locations: '# Progress sync is off.' };
  return template
    .replaceAll('@@SYNC_MAPS@@', synced.maps)
    .replaceAll('@@SYNC@@', synced.locations.trimStart())
    .replaceAll('@@BASE_PATH@@', base)
    .replaceAll('@@ROOT_REDIRECT@@', rootRedirect)
    .replaceAll('@@CONTENT_SECURITY_POLICY@@', csp.replaceAll('"', '\\"'))
    .replaceAll('@@HSTS@@', header ? `# HSTS, from the team settings (hsts): browsers use HTTPS only for this host.\nadd_header Strict-Transport-Security "${header}" always;` : '# HSTS is off (the team settings turn it on for sites served only over TLS).');
}
