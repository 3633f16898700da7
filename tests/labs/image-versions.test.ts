/**
 * One version per container image across the handbook. The labs' YAML and Dockerfiles, their READMEs
 * and the chapters name images in `image:` lines, `FROM` lines and `docker run` commands; when two
 * of them name different tags of the same image (Prometheus 3.13 in one lab, 3.15 in the next), a
 * reader runs two versions and the chapters disagree. This file finds every such reference and
 * fails, naming the files, when an image has more than one tag, or a moving tag such as `latest`.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MOVING_TAGS } from '../support/moving-tags';

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    if (['node_modules', 'dist', '__pycache__', '.terraform'].includes(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });

const files = [...walk('labs'), ...walk('src/content/docs')].filter((file) =>
  /\.(ya?ml|mdx|md)$|(^|\/)Dockerfile[^/]*$/.test(file),
);

// Images the labs build themselves: their tags name builds (dev, scan, 0.1.0), not upstream versions.
const BUILT_HERE = new Set(['todo-api', 'todo-completion', 'todo-completion-api', 'handbook']);
// Tags that move by design: a reference to one of them is not pinned at all.

// [registry/]name[/name...]:tag, where the registry may carry a port. A digest is cut off first.
const IMAGE = /^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9._-]+(?:\/[a-z0-9._-]+)*:[A-Za-z0-9._-]+$/;

interface Reference {
  image: string;
  tag: string;
  where: string;
}

/** The image references of one file: `image:` values, `FROM` lines and `docker run` commands. */
function imageReferences(file: string, text: string): Reference[] {
  const lines = text.split('\n');
  const found: Reference[] = [];
  lines.forEach((line, index) => {
    const candidates: string[] = [];
    const image = /(?:^|\s)image:\s*["']?([^"'\s#]+)/.exec(line);
    if (image) candidates.push(image[1]!);
    const from = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(line);
    if (from) candidates.push(from[1]!);
    const run = line.indexOf('docker run');
    if (run >= 0) {
      // The command with its continuation lines; every token that looks like name:tag is a candidate
      // (options such as -v a:/b or -p 8080:8080 do not match the pattern).
      let command = line.slice(run);
      for (let next = index; /\\\s*$/.test(lines[next]!) && next + 1 < lines.length; next++) command += ` ${lines[next + 1]}`;
      candidates.push(...command.split(/\s+/));
    }
    for (let candidate of candidates) {
      const fallback = /^\$\{[A-Z_]+:-(.+)\}$/.exec(candidate); // ${LOCALSTACK_IMAGE:-localstack/localstack:4.14.0}
      if (fallback) candidate = fallback[1]!;
      candidate = candidate.replace(/^["']|["',;)]+$/g, '').replace(/@sha256:\S*$/, '');
      if (!IMAGE.test(candidate) || /^\d+:/.test(candidate)) continue;
      const colon = candidate.lastIndexOf(':');
      const image = candidate.slice(0, colon).replace(/^docker\.io\//, '').replace(/^library\//, '');
      if (BUILT_HERE.has(image)) continue;
      found.push({ image, tag: candidate.slice(colon + 1), where: `${file}:${index + 1}` });
    }
  });
  return found;
}

const references = files.flatMap((file) => imageReferences(file, readFileSync(file, 'utf8')));
const byImage = new Map<string, Reference[]>();
for (const reference of references) byImage.set(reference.image, [...(byImage.get(reference.image) ?? []), reference]);

describe('container image versions', () => {
  it('finds the images the labs and chapters run', () => {
    for (const image of ['prom/prometheus', 'prom/alertmanager', 'grafana/grafana', 'ghcr.io/zaproxy/zaproxy', 'node', 'localstack/localstack', 'aquasec/trivy']) {
      expect([...byImage.keys()], image).toContain(image);
    }
  });

  it('reads image:, FROM and docker run references, and skips options that look alike', () => {
    const sample = [
      'services:',
      '  app:',
      '    image: ${APP_IMAGE:-prom/prometheus:v3.15.0}',
      'FROM node:24.21.0-trixie-slim@sha256:<digest> AS build',
      'docker run --rm -p 8080:8080 -v trivy-cache:/root/.cache/ \\',
      '  ghcr.io/zaproxy/zaproxy:2.17.0 zap-baseline.py -t http://todo:8080/',
      'docker run --rm todo-api:scan',
    ].join('\n');
    expect(imageReferences('sample', sample).map(({ image, tag }) => `${image}:${tag}`)).toEqual([
      'prom/prometheus:v3.15.0',
      'node:24.21.0-trixie-slim',
      'ghcr.io/zaproxy/zaproxy:2.17.0',
    ]);
  });

  it.each([...byImage.keys()].sort())('%s has one version everywhere', (image) => {
    const tags = new Map<string, string[]>();
    for (const { tag, where } of byImage.get(image)!) tags.set(tag, [...(tags.get(tag) ?? []), where]);
    const report = [...tags].map(([tag, where]) => `${image}:${tag} in ${where.join(', ')}`).join('\n');
    expect(tags.size, `pick one version and use it in every file:\n${report}`).toBe(1);
  });

  it('pins no image to a moving tag', () => {
    const moving = references.filter(({ tag }) => MOVING_TAGS.has(tag)).map(({ image, tag, where }) => `${image}:${tag} in ${where}`);
    expect(moving).toEqual([]);
  });
});
