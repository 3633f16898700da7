/** Every glossary link in the built site points at an entry that exists, and chapters link their terms. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGlossary } from '../../src/lib/glossary';
import { htmlFiles } from '../support/files';


describe('glossary in the build', () => {
  const glossary = readFileSync('dist/reference/glossary/index.html', 'utf8');
  const anchors = new Set([...glossary.matchAll(/<h3 id="([^"]+)"/g)].map((match) => match[1]));

  it('has an entry with its own anchor for every term', () => {
    const terms = parseGlossary(readFileSync('src/data/glossary.yaml', 'utf8'));
    expect(terms.length).toBeGreaterThan(100);
    expect(terms.filter((term) => !anchors.has(term.anchor)).map((term) => term.term)).toEqual([]);
    expect(anchors.size).toBe(terms.length);
  });

  it('links only to entries that exist, from every page', () => {
    const broken: string[] = [];
    let links = 0;
    for (const file of htmlFiles('dist')) {
      for (const [, anchor] of readFileSync(file, 'utf8').matchAll(/href="\/(?:[^"]*\/)?reference\/glossary\/#([^"]+)"/g)) {
        links++;
        if (!anchors.has(anchor)) broken.push(`${file} -> #${anchor}`);
      }
    }
    expect(links).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });

  it('marks the first mention of a term in a chapter, with its definition as a tooltip', () => {
    const chapter = readFileSync('dist/devops/containers/index.html', 'utf8');
    const mention = chapter.match(/<span class="hb-term"><a href="[^"]*#([^"]+)" aria-describedby="(term-tip-[^"]+)">[^<]+<\/a><span role="tooltip" id="([^"]+)"/);
    expect(mention).not.toBeNull();
    expect(mention![2]).toBe(mention![3]);
    expect(anchors.has(mention![1])).toBe(true);
  });
});
