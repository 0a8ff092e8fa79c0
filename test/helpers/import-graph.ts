/**
 * The project's import graph, checked against its layers. `npm run graph` prints it, one line per
 * pair of layers that import each other, and any import that points up; test/architecture.test.ts
 * fails on one.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Bottom first: a module may import its own layer and the layers below it, never one above. The
 * longest matching prefix names a file's layer.
 */
export const LAYERS: readonly { name: string; paths: readonly string[] }[] = [
  {
    name: 'foundation',
    paths: [
      'redaction/',
      'package.json',
      'src/errors.ts',
      'src/money.ts',
      'src/chance.ts',
      'src/loopback.ts',
      'src/clock.ts',
    ],
  },
  { name: 'telemetry', paths: ['otel/'] },
  { name: 'context', paths: ['src/context.ts'] },
  { name: 'logging', paths: ['loggers/'] },
  { name: 'testing kit', paths: ['testing/'] },
  {
    name: 'model',
    paths: ['src/config.ts', 'src/schemas/', 'src/scenarios/catalogue.ts', 'src/domain/events.ts'],
  },
  { name: 'core', paths: ['src/store/', 'src/domain/', 'src/scenarios/'] },
  { name: 'services', paths: ['src/monitoring/', 'src/traffic/'] },
  { name: 'http', paths: ['src/http/'] },
  { name: 'routes', paths: ['routes/'] },
  { name: 'composition', paths: ['src/app.ts', 'src/runtime.ts', 'src/server.ts'] },
  // A program of its own, bundled for the browser: it talks to the server over HTTP only.
  { name: 'browser pages', paths: ['web/'] },
];

export interface Edge {
  from: string;
  to: string;
  fromLayer: number;
  toLayer: number;
}

export function layerOf(file: string): number {
  let best = -1;
  let length = 0;
  LAYERS.forEach((layer, index) => {
    for (const prefix of layer.paths) {
      if (file.startsWith(prefix) && prefix.length > length) {
        best = index;
        length = prefix.length;
      }
    }
  });
  return best;
}

function resolve(from: string, specifier: string): string {
  const base = path.normalize(path.join(path.dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile())
      return candidate;
  }
  throw new Error(`${from}: cannot resolve ${specifier}`);
}

/** Every relative import of the product's sources (tests and tooling aside). */
export function importGraph(): Edge[] {
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((file) => file !== '' && !file.startsWith('test/') && fs.existsSync(path.join(ROOT, file)));
  const edges: Edge[] = [];
  for (const from of files) {
    const source = fs.readFileSync(path.join(ROOT, from), 'utf8');
    for (const imported of ts.preProcessFile(source, true, true).importedFiles) {
      if (!imported.fileName.startsWith('.')) continue;
      const to = resolve(from, imported.fileName);
      edges.push({ from, to, fromLayer: layerOf(from), toLayer: layerOf(to) });
    }
  }
  return edges;
}

export const pointsUp = (edge: Edge) =>
  edge.fromLayer < 0 || edge.toLayer < 0 || edge.toLayer > edge.fromLayer;

if (require.main === module) {
  const edges = importGraph();
  const pairs = new Map<string, number>();
  for (const edge of edges) {
    const key = `${LAYERS[edge.fromLayer]?.name ?? '?'} -> ${LAYERS[edge.toLayer]?.name ?? '?'}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
  }
  for (const [pair, count] of [...pairs].sort()) process.stdout.write(`${pair}  (${count})\n`);
  const up = edges.filter(pointsUp);
  for (const edge of up) process.stdout.write(`UP: ${edge.from} -> ${edge.to}\n`);
  process.exitCode = up.length > 0 ? 1 : 0;
}
