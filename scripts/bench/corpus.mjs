// The synthetic corpus: chapter-like pages (headings, prose with glossary terms, a table, code blocks,
// a checklist), written the same way for the handbook and for plain Starlight.
const TERMS = ['error budget', 'canary release', 'readiness probe', 'infrastructure as code', 'feature store', 'data drift', 'blue/green deployment', 'idempotency'];
const sentence = (i, j) =>
  `Step ${j} of topic ${i} explains why the ${TERMS[(i + j) % TERMS.length]} matters before showing how to apply it to a small service you already run, with a concrete command and the failure you would see without it.`;

function body(i) {
  const sections = [];
  for (let s = 1; s <= 5; s++) {
    sections.push(`## Section ${s} of chapter ${i}`, '', Array.from({ length: 6 }, (_, j) => sentence(i, s * 10 + j)).join(' '), '');
    if (s === 2) sections.push('| Tool | What it is for | Pick it when |', '| --- | --- | --- |', ...Array.from({ length: 6 }, (_, r) => `| Tool ${r} | Purpose ${r} of chapter ${i} | When ${r} |`), '');
    if (s === 3) sections.push('```sh', `kubectl -n bench-${i} rollout status deployment/api`, `curl -fsS localhost:8080/healthz`, '```', '');
    if (s === 4) sections.push('```yaml', 'apiVersion: apps/v1', 'kind: Deployment', `metadata: { name: api-${i} }`, 'spec:', '  replicas: 2', '```', '');
  }
  return sections.join('\n');
}

const items = (i) => Array.from({ length: 8 }, (_, k) => ({ id: `item-${k + 1}`, text: `Verifiable outcome ${k + 1} of chapter ${i}` }));

export function handbookPage(i) {
  return [
    '---',
    `title: Benchmark chapter ${i}`,
    `description: Synthetic chapter ${i} for the build benchmark.`,
    'track: devops',
    `order: ${i}`,
    'minutes: 60',
    'level: beginner',
    'reviewed: 2026-11-01',
    'checkedAgainst: { Benchmark: "1.0" }',
    'checklist:',
    ...items(i).map((item) => `  - id: ${item.id}\n    text: ${item.text}`),
    '---',
    '',
    "import Checklist from '~/components/Checklist.astro';",
    '',
    body(i),
    '## Checklist',
    '',
    '<Checklist />',
    '',
  ].join('\n');
}

export function plainPage(i) {
  return [
    '---',
    `title: Benchmark chapter ${i}`,
    `description: Synthetic chapter ${i} for the build benchmark.`,
    `sidebar: { order: ${i} }`,
    '---',
    '',
    body(i),
    '## Checklist',
    '',
    ...items(i).map((item) => `- ${item.text}`),
    '',
  ].join('\n');
}

export const pageName = (i) => `chapter-${String(i).padStart(4, '0')}`;
