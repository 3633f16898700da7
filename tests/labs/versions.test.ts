/**
 * One version of everything the handbook pins, the one in src/data/versions.yaml. Every container
 * image, GitHub Action, released tool, Python pin and npm dependency a lab file or a chapter names, and
 * every chapter's `checkedAgainst`, is compared with the file (tests/support/version-references.ts);
 * a difference fails as `file:line: <what> names X, versions.yaml says Y`. Lab workflows pin actions to
 * full SHAs, no image uses a moving tag, every token a chapter writes is known, and every entry of the
 * file is used somewhere.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadVersions } from '../../src/lib/versions-file';
import { checkFiles, references, walk } from '../support/version-references';

const entries = loadVersions();
const labFiles = walk('labs').filter((file) => /\.(ya?ml|mdx?|sh|py|tf)$|(^|\/)(Dockerfile[^/]*|requirements[^/]*\.txt|package\.json)$/.test(file));
const chapterFiles = walk('src/content/docs').filter((file) => file.endsWith('.mdx'));
const result = checkFiles([...labFiles, ...chapterFiles], entries);

describe('versions: labs and chapters agree with src/data/versions.yaml', () => {
  it('finds the references the labs and chapters make', () => {
    const found = [...labFiles, ...chapterFiles].flatMap((file) => references(file, readFileSync(file, 'utf8')));
    const forms = new Map<string, number>();
    for (const { form } of found) forms.set(form, (forms.get(form) ?? 0) + 1);
    expect(Object.fromEntries(forms)).toMatchObject({ image: expect.any(Number), action: expect.any(Number), release: expect.any(Number), pip: expect.any(Number), npm: expect.any(Number) });
    for (const image of ['prom/prometheus', 'node', 'python', 'kindest/node', 'localstack/localstack']) expect(found.map((reference) => reference.key)).toContain(image);
    expect(found.filter((reference) => reference.form === 'action').length).toBeGreaterThan(40);
  });

  it('reads image:, FROM, docker run and --image references, and skips options that look alike', () => {
    const sample = [
      '    image: ${APP_IMAGE:-prom/prometheus:v3.15.0}',
      'FROM node:24.21.0-trixie-slim@sha256:<digest> AS build',
      'docker run --rm -p 8080:8080 -v trivy-cache:/root/.cache/ \\',
      '  ghcr.io/zaproxy/zaproxy:2.17.0 zap-baseline.py -t http://todo:8080/',
      'docker run --rm todo-api:scan',
      `kind create cluster --image kindest/node:v1.35.8@sha256:${'0'.repeat(64)}`,
      '- uses: actions/checkout@v7',
    ].join('\n');
    expect(references('labs/x/README.md', 'pandas==3.1.1')).toEqual([]);
    expect(references('labs/x/requirements.txt', 'pandas==3.1.1  # the data library')).toMatchObject([{ form: 'pip', key: 'pandas', value: '3.1.1', line: 1 }]);
    expect(references('labs/x/README.md', sample).map(({ form, key, value, digest }) => [form, key, value, digest])).toEqual([
      ['image', 'prom/prometheus', 'v3.15.0', undefined],
      ['image', 'node', '24.21.0-trixie-slim', undefined],
      ['image', 'ghcr.io/zaproxy/zaproxy', '2.17.0', undefined],
      ['image', 'kindest/node', 'v1.35.8', `sha256:${'0'.repeat(64)}`],
      ['action', 'actions/checkout', 'v7', undefined],
    ]);
  });

  it('every image, action, release, pin and checkedAgainst names the version in the file', () => {
    expect(result.problems).toEqual([]);
  });

  it('every entry of the file is used by a lab file, a chapter token or a checkedAgainst', () => {
    const unused = entries.filter((entry) => !result.used.has(entry.id)).map((entry) => `src/data/versions.yaml: "${entry.id}" is used nowhere: remove it`);
    expect(unused).toEqual([]);
  });
});

describe('versions: a lab file that drifts is reported with its file and line (tests/fixtures/broken-labs/version-drift)', () => {
  const dir = 'tests/fixtures/broken-labs/version-drift';
  const { problems } = checkFiles(walk(dir).filter((file) => !file.endsWith('README.md')), entries);

  it.each([
    [`${dir}/compose.yaml:5: image prom/prometheus names v3.14.0, versions.yaml says v3.15.0`],
    [`${dir}/compose.yaml:7: image grafana/grafana names the moving tag "latest": pin a version`],
    [`${dir}/compose.yaml:9: image busybox names 1.36.1, versions.yaml says 1.37.0`],
    [`${dir}/ci.yml:8: action actions/checkout names ${'b'.repeat(40)}, versions.yaml says 3d3c42e5aac5ba805825da76410c181273ba90b1`],
    [`${dir}/ci.yml:9: action actions/setup-node names "v7", not a full commit SHA`],
    [`${dir}/requirements.txt:2: pip pandas names 3.0.0, versions.yaml says 3.1.1`],
    [`${dir}/requirements.txt:3: pip left-pad@1.0.0 has no entry in versions.yaml`],
    [`${dir}/chapter.mdx:5: checkedAgainst.Kubernetes names 1.37, versions.yaml says 1.35.8 (write it or 1.35)`],
    [`${dir}/chapter.mdx:9: unknown version token "%%nodejs.image%%": no entry "nodejs" in src/data/versions.yaml`],
    [`${dir}/chapter.mdx:12: release argoproj/argo-cd names v3.4.0, versions.yaml says v3.5.2`],
  ])('%s', (problem) => {
    expect(problems).toContain(problem);
  });

  it('reports nothing else', () => {
    expect(problems).toHaveLength(10);
  });
});
