import { markdownToHtml, mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import { loadVersions } from '../../src/lib/versions-file';
import { agrees, checkedAgainstProblems, expandTokens, lookup, parseVersions } from '../../src/lib/versions';
import { versionTokens } from '../../src/plugins/version-tokens';

const good = `
- id: node
  name: Node.js
  version: 24.21.0
  image: { repository: node, tag: 24.21.0-trixie-slim }
- id: kubernetes
  name: Kubernetes
  aliases: [Kubernetes (kind node)]
  version: 1.35.8
  image: { repository: kindest/node, tag: v1.35.8, digest: "sha256:${'0'.repeat(64)}" }
- id: checkout
  name: actions/checkout
  version: 7.0.1
  action: { repository: actions/checkout, sha: ${'a'.repeat(40)}, release: v7.0.1 }
- id: argo-cd
  name: Argo CD
  version: 3.5.2
  release: { repository: argoproj/argo-cd, tag: v3.5.2 }
- id: pandas
  name: pandas
  version: 3.1.1
  pip: pandas
- id: pandas-feast
  name: pandas
  version: 2.3.3
  scope: [labs/feature-store/]
  pip: pandas
`;
const entries = parseVersions(good);

describe('versions file', () => {
  it('parses the project file', () => {
    expect(loadVersions().find((entry) => entry.id === 'node')?.image?.repository).toBe('node');
  });

  it('names the entry and field of a bad entry', () => {
    const bad = `${good}
- id: trivy
  name: Trivy
  version: v0.75.0
- id: gitleaks
  name: gitleaks
  version: 8.30.1
  action: { repository: gitleaks/gitleaks-action, sha: v2, release: v2 }`;
    expect(() => parseVersions(bad)).toThrow(/entry 7 \("trivy"\): version: a version is digits and dots/);
    expect(() => parseVersions(bad)).toThrow(/entry 8 \("gitleaks"\): action\.sha: an action is pinned to a full 40-character commit SHA/);
  });

  it('refuses a tag that does not contain the version, and two unscoped entries for one thing', () => {
    expect(() => parseVersions(good.replace('version: 24.21.0', 'version: 24.22.0'))).toThrow(/"node": image\.tag: "24\.21\.0-trixie-slim" does not contain the version 24\.22\.0/);
    expect(() => parseVersions(good.replace('  scope: [labs/feature-store/]\n', ''))).toThrow(/"pandas-feast": the name "pandas" is already used by "pandas"/);
    expect(() => parseVersions(`${good}\n- id: node\n  name: Node\n  version: 1.0.0`)).toThrow(/the id "node" is already used/);
  });

  it('looks entries up by form, with scoped entries winning in their files', () => {
    expect(lookup(entries, 'pip', 'Pandas', 'labs/python/requirements.txt')?.version).toBe('3.1.1');
    expect(lookup(entries, 'pip', 'pandas', 'labs/feature-store/requirements.txt')?.version).toBe('2.3.3');
    expect(lookup(entries, 'image', 'kindest/node', 'x')?.id).toBe('kubernetes');
    expect(lookup(entries, 'name', 'Kubernetes (kind node)', 'x')?.id).toBe('kubernetes');
    expect(lookup(entries, 'action', 'actions/setup-node', 'x')).toBeUndefined();
  });

  it('expands tokens, and names the file and token of an unknown one', () => {
    const text = 'FROM %%node.image%% | %%node%% | %%node.minor%% | %%kubernetes.image-digest%% | %%checkout.uses%% | %%argo-cd.release%% | %%pandas-feast.pip%%';
    expect(expandTokens(text, entries, 'x.mdx')).toBe(
      `FROM node:24.21.0-trixie-slim | 24.21.0 | 24.21 | kindest/node:v1.35.8@sha256:${'0'.repeat(64)} | actions/checkout@${'a'.repeat(40)} # v7.0.1 | v3.5.2 | pandas==2.3.3`,
    );
    expect(() => expandTokens('a %%nodejs.image%% b', entries, 'docs/a.mdx')).toThrow('docs/a.mdx: unknown version token "%%nodejs.image%%": no entry "nodejs"');
    expect(() => expandTokens('%%argo-cd.image%%', entries, 'docs/a.mdx')).toThrow(/"argo-cd" has no "image" form \(known forms: version, minor, major, release\)/);
    expect(expandTokens('${name%%.*} and 100%', entries, 'x')).toBe('${name%%.*} and 100%');
  });

  it('checks checkedAgainst against the file: the version or its major.minor', () => {
    expect(agrees('1.35', '1.35.8')).toBe(true);
    expect(agrees('1.35.8', '1.35.8')).toBe(true);
    expect(agrees('1', '1.35.8')).toBe(false);
    expect(agrees('1.3', '1.35.8')).toBe(false);
    expect(checkedAgainstProblems({ Kubernetes: '1.37', 'Node.js': '24.21', Bash: '5.2', pandas: '2.3.3' }, 'src/content/docs/x.mdx', entries)).toEqual([
      'checkedAgainst.Kubernetes: "1.37", but src/data/versions.yaml says 1.35.8 ("kubernetes"): write "1.35.8" or "1.35", or bump the file',
      'checkedAgainst.pandas: "2.3.3", but src/data/versions.yaml says 3.1.1 ("pandas"): write "3.1.1" or "3.1", or bump the file',
    ]);
    expect(checkedAgainstProblems({ pandas: '2.3.3' }, 'labs/feature-store/README.md', entries)).toEqual([]);
  });
});

describe('version tokens in Markdown (the Sätteri plugin)', () => {
  const plugin = [versionTokens(entries)];
  const fileURL = new URL(`file://${process.cwd()}/src/content/docs/devops/x.mdx`);

  it('replaces tokens in prose, inline code, code fences and link targets', async () => {
    const markdown = 'Run `%%node.image%%` with [Argo CD %%argo-cd%%](https://github.com/argoproj/argo-cd/releases/download/%%argo-cd.release%%/install.yaml).\n\n```yaml\n- uses: %%checkout.uses%%\n```\n';
    const { html } = await markdownToHtml(markdown, { mdastPlugins: plugin, fileURL });
    expect(html).toContain('<code>node:24.21.0-trixie-slim</code>');
    expect(html).toContain('href="https://github.com/argoproj/argo-cd/releases/download/v3.5.2/install.yaml">Argo CD 3.5.2</a>');
    expect(html).toContain(`- uses: actions/checkout@${'a'.repeat(40)} # v7.0.1`);
    expect(html).not.toContain('%%');
  });

  it('replaces tokens inside MDX components and list items', async () => {
    const mdx = '<Aside>\nKubernetes %%kubernetes.minor%%\n</Aside>\n\n1. Step\n\n   ```sh\n   kind create cluster --image %%kubernetes.image-digest%%\n   ```\n';
    const { code } = await mdxToJs(mdx, { mdastPlugins: plugin, fileURL });
    expect(code).toContain('Kubernetes 1.35');
    expect(code).toContain(`kindest/node:v1.35.8@sha256:${'0'.repeat(64)}`);
    expect(code).not.toContain('%%');
  });

  it('fails on an unknown token, naming the file and the token', async () => {
    await expect(async () => markdownToHtml('Use %%nodejs.image%%.', { mdastPlugins: plugin, fileURL })).rejects.toThrow(
      'src/content/docs/devops/x.mdx: unknown version token "%%nodejs.image%%"',
    );
  });
});
