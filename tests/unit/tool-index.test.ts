import { describe, expect, it } from 'vitest';
import { buildToolIndex } from '../../src/lib/tool-index';

describe('tool index', () => {
  it('merges a tool covered by several chapters, keeping the first chapter’s purpose, sorted by name', () => {
    const index = buildToolIndex([
      {
        id: 'devops/containers',
        title: 'Containers',
        tools: [
          { name: 'kubectl', purpose: 'The Kubernetes CLI' },
          { name: 'Docker Engine', purpose: 'Runs containers' },
        ],
      },
      { id: 'mlops/serving', title: 'Serving', tools: [{ name: '`KUBECTL`', purpose: 'Talks to the cluster' }] },
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

  it('lists names and purposes as plain text: marks and links dropped', () => {
    const [tool] = buildToolIndex([
      { id: 'a/b', title: 'B', tools: [{ name: '**BuildKit** and `docker buildx`', purpose: 'See [the docs](https://docs.docker.com/build/)' }] },
    ]);
    expect(tool).toMatchObject({ name: 'BuildKit and docker buildx', purpose: 'See the docs', anchor: 'buildkit-and-docker-buildx' });
  });
});
