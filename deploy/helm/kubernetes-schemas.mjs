// Writes one strict JSON schema per Kubernetes kind, named as kubeconform looks them up
// (deployment-apps-v1.json), from the OpenAPI document a Kubernetes release ships
// (api/openapi-spec/swagger.json in the k8s.io/kubernetes module).
// Strict: an object with declared properties accepts no others, so a misspelt or misplaced field
// fails validation instead of being ignored by the API server.
// Usage: node kubernetes-schemas.mjs <swagger.json> <output folder>
import fs from 'node:fs';
import path from 'node:path';

const [swaggerPath, outDir] = process.argv.slice(2);
if (!swaggerPath || !outDir) {
  console.error('usage: node kubernetes-schemas.mjs <swagger.json> <output folder>');
  process.exit(2);
}
const { definitions } = JSON.parse(fs.readFileSync(swaggerPath, 'utf8'));

/** The API's own conventions, as JSON Schema: int-or-string and quantities take either. */
const EITHER = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { oneOf: [{ type: 'string' }, { type: 'integer' }] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
};

function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = strict(value);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const defs = {};
for (const [name, schema] of Object.entries(definitions)) defs[name] = EITHER[name] ?? strict(schema);

/** The definitions `name` needs, itself included: each kind's file stands alone, and small. */
function closure(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const [, ref] of JSON.stringify(defs[name]).matchAll(/"#\/definitions\/([^"]+)"/g)) closure(ref, seen);
  return seen;
}

fs.mkdirSync(outDir, { recursive: true });
let written = 0;
for (const [name, schema] of Object.entries(definitions)) {
  for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
    const group = gvk.group ? `-${gvk.group.split('.')[0]}` : '';
    const file = `${gvk.kind.toLowerCase()}${group}-${gvk.version}.json`;
    const needed = Object.fromEntries([...closure(name)].map((def) => [def, defs[def]]));
    const document = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $ref: `#/definitions/${name}`,
      definitions: needed,
    };
    fs.writeFileSync(path.join(outDir, file), JSON.stringify(document));
    written++;
  }
}
console.log(`kubernetes-schemas: ${written} kinds from ${path.basename(swaggerPath)} in ${outDir}`);
