#!/usr/bin/env node
// Reads a CustomResourceDefinition (YAML, from a project's release tag) on stdin and prints the JSON
// schema of one of its versions, without the descriptions (most of the bytes). How the files beside
// this one were made, for example:
//   git -C gateway-api show v1.6.1:config/crd/standard/gateway.networking.k8s.io_httproutes.yaml \
//     | node tests/support/schemas/crds/extract-crd.mjs v1 'Gateway API v1.6.1' > tests/support/schemas/crds/gateway.networking.k8s.io_v1_HTTPRoute.json
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const [version, release] = process.argv.slice(2);
const crd = parseAllDocuments(readFileSync(0, 'utf8')).map((doc) => doc.toJS()).find((doc) => doc?.kind === 'CustomResourceDefinition');
const served = crd.spec.versions.find((entry) => entry.name === version);
if (!served) throw new Error(`no version ${version} in ${crd.metadata.name}`);
const strip = (value) =>
  Array.isArray(value) ? value.map(strip) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'description').map(([key, child]) => [key, strip(child)])) : value;
const schema = { $comment: `${crd.metadata.name} ${version}, from ${release}`, ...strip(served.schema.openAPIV3Schema) };
process.stdout.write(`${JSON.stringify(schema)}\n`);
