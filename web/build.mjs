// Bundles the browser pages into dist/web: hashed, minified assets (cached for a year) and an
// HTML page per entry that names them (never cached), with no inline script, so the pages run
// under a Content-Security-Policy of 'self'. Prints each page's JavaScript gzipped and fails when
// the storefront's passes its budget.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { bundleOptions, PAGES, root, writePages } from './pages.mjs';

const out = path.join(root, '..', 'dist', 'web');
/** kB gzipped the storefront's JavaScript (OpenTelemetry included) may take. */
const STOREFRONT_BUDGET_KB = 150;

await rm(out, { recursive: true, force: true });
const { metafile } = await build(bundleOptions({ out, apiOrigin: '', hashed: true }));
const scripts = await writePages({ out, metafile, dev: false });

/** A page's script and every chunk it imports, as paths under dist/web. */
function javascriptOf(script) {
  const files = new Set();
  const visit = (file) => {
    if (files.has(file)) return;
    files.add(file);
    const meta = metafile.outputs[path.join('dist', 'web', file).replaceAll(path.sep, '/')];
    for (const imported of meta?.imports ?? []) {
      if (imported.kind === 'import-statement')
        visit(path.relative(out, path.resolve(root, '..', imported.path)));
    }
  };
  visit(script.replace(/^\//, ''));
  return [...files];
}

const sizes = [];
for (const page of PAGES) {
  let bytes = 0;
  for (const file of javascriptOf(scripts[page.entry]))
    bytes += gzipSync(await readFile(path.join(out, file))).length;
  sizes.push({ page: page.entry, gzipKb: bytes / 1024 });
}
await writeFile(path.join(out, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
for (const { page, gzipKb } of sizes) console.log(`web: ${page} ${gzipKb.toFixed(1)} kB gzipped`);
const storefront = sizes.find((s) => s.page === 'storefront');
if (storefront && storefront.gzipKb > STOREFRONT_BUDGET_KB) {
  console.error(`web: the storefront's JavaScript is over its ${STOREFRONT_BUDGET_KB} kB budget`);
  process.exit(1);
}
