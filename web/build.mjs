// Bundles the browser pages into dist/web: hashed, minified assets (cached for a year) and an
// HTML page per entry that names them (never cached), with no inline script, so the pages run
// under a Content-Security-Policy of 'self'. Prints each page's JavaScript gzipped and fails when
// the storefront's passes its budget.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(root, '..', 'dist', 'web');
/** kB gzipped the storefront's JavaScript (OpenTelemetry included) may take. */
const STOREFRONT_BUDGET_KB = 150;
const PAGES = [
  { entry: 'storefront', html: 'index.html', title: 'Storefront' },
  { entry: 'control', html: 'control.html', title: 'Control room' },
];

await rm(out, { recursive: true, force: true });
const result = await build({
  entryPoints: Object.fromEntries([
    ...PAGES.map((page) => [page.entry, path.join(root, 'src', `${page.entry}.tsx`)]),
    ['styles', path.join(root, 'src', 'styles.css')],
  ]),
  // Metafile paths are relative to this: the repository's root, wherever the build is run from.
  absWorkingDir: path.join(root, '..'),
  outdir: path.join(out, 'assets'),
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  format: 'esm',
  // What both pages use (Preact, OpenTelemetry) is one shared chunk, cached once.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: ['chrome110', 'firefox110', 'safari16'],
  sourcemap: 'linked',
  metafile: true,
  legalComments: 'linked',
  tsconfig: path.join(root, 'tsconfig.json'),
  logLevel: 'warning',
});

const outputs = Object.entries(result.metafile.outputs);
const assetOf = (entry, ext) => {
  const found = outputs.find(([file, meta]) => file.endsWith(ext) && meta.entryPoint?.includes(`/${entry}.`));
  if (!found) throw new Error(`no ${ext} output for ${entry}`);
  return `/assets/${path.basename(found[0])}`;
};

/** A page's script and every chunk it imports, as paths under dist/web. */
function javascriptOf(script) {
  const files = new Set();
  const visit = (file) => {
    if (files.has(file)) return;
    files.add(file);
    const meta = result.metafile.outputs[path.join('dist', 'web', file).replaceAll(path.sep, '/')];
    for (const imported of meta?.imports ?? []) {
      if (imported.kind === 'import-statement')
        visit(path.relative(out, path.resolve(root, '..', imported.path)));
    }
  };
  visit(script.replace(/^\//, ''));
  return [...files];
}

const template = await readFile(path.join(root, 'public', 'index.html'), 'utf8');
await mkdir(out, { recursive: true });
const sizes = [];
for (const page of PAGES) {
  const script = assetOf(page.entry, '.js');
  const html = template
    .replace('%TITLE%', page.title)
    .replace('%CSS%', assetOf('styles', '.css'))
    .replace('%SCRIPT%', script);
  await writeFile(path.join(out, page.html), html);
  let bytes = 0;
  for (const file of javascriptOf(script)) bytes += gzipSync(await readFile(path.join(out, file))).length;
  sizes.push({ page: page.entry, gzipKb: bytes / 1024 });
}
await writeFile(path.join(out, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
for (const { page, gzipKb } of sizes) console.log(`web: ${page} ${gzipKb.toFixed(1)} kB gzipped`);
const storefront = sizes.find((s) => s.page === 'storefront');
if (storefront && storefront.gzipKb > STOREFRONT_BUDGET_KB) {
  console.error(`web: the storefront's JavaScript is over its ${STOREFRONT_BUDGET_KB} kB budget`);
  process.exit(1);
}
