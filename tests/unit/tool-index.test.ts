import { describe, expect, it } from 'vitest';
import { buildToolIndex, plainCell, toolsFromChapter } from '../../src/lib/tool-index';

const chapter = (tools: string) => `## Core concepts

| Not | A tool table |
| --- | --- |
| ignored | row |

## Tools landscape

Intro sentence.

| Tool | What it is for | Pick it when |
| --- | --- | --- |
${tools}

After the table.

## Hands-on lab
`;

describe('tool index', () => {
  it('reads the rows of the tools table only, as plain text', () => {
    const rows = toolsFromChapter(chapter('| **Docker Compose** | Multi-container apps, see [docs](https://docs.docker.com) | Local dev |\n| `kubectl` | The Kubernetes CLI | Always |'));
    expect(rows).toEqual([
      { name: 'Docker Compose', purpose: 'Multi-container apps, see docs' },
      { name: 'kubectl', purpose: 'The Kubernetes CLI' },
    ]);
  });

  it('finds nothing in a page without a tools section', () => {
    expect(toolsFromChapter('## Intro\n\n| a | b |\n| - | - |\n| c | d |')).toEqual([]);
  });

  it('keeps escaped pipes inside a cell', () => {
    expect(plainCell('a \\| b')).toBe('a | b');
  });

  it('merges a tool covered by several chapters, keeping the first chapter’s purpose, sorted by name', () => {
    const index = buildToolIndex([
      { id: 'devops/containers', title: 'Containers', body: chapter('| kubectl | The Kubernetes CLI | Always |\n| Docker Engine | Runs containers | Linux |') },
      { id: 'mlops/serving', title: 'Serving', body: chapter('| KUBECTL | Talks to the cluster | Deploying |') },
    ]);
    expect(index.map((tool) => tool.name)).toEqual(['Docker Engine', 'kubectl']);
    expect(index[1]).toEqual({
      name: 'kubectl',
      purpose: 'The Kubernetes CLI',
      anchor: 'kubectl',
      chapters: [
        { id: 'devops/containers', title: 'Containers' },
        { id: 'mlops/serving', title: 'Serving' },
      ],
    });
  });
});
