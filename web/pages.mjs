// What the production build (build.mjs) and the dev server (dev.mjs) share: the pages, the
// esbuild options, and the HTML written for each page once its assets have names.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.dirname(fileURLToPath(import.meta.url));

/** Each page: its entry module, where its HTML goes (production, dev server) and its title. */
export const PAGES = [
  { entry: 'storefront', html: 'index.html', devHtml: 'index.html', title: 'Storefront' },
  { entry: 'control', html: 'control.html', devHtml: 'control/index.html', title: 'Control room' },
];

/**
 * esbuild options for `out`. `apiOrigin`: where the pages call the API; '' (production) is their
 * own origin, a dev server names the app's (http://localhost:3001) and calls it through CORS.
 */
export function bundleOptions({ out, apiOrigin, hashed }) {
  return {
    entryPoints: Object.fromEntries([
      ...PAGES.map((page) => [page.entry, path.join(root, 'src', `${page.entry}.tsx`)]),
      ['styles', path.join(root, 'src', 'styles.css')],
    ]),
    // Metafile paths are relative to this: the repository's root, wherever the build is run from.
    absWorkingDir: path.join(root, '..'),
    outdir: path.join(out, 'assets'),
    entryNames: hashed ? '[name]-[hash]' : '[name]',
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
    define: { __API_ORIGIN__: JSON.stringify(apiOrigin) },
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'warning',
  };
}

/** Writes each page's HTML naming its assets (found in the metafile); returns page → its script. */
export async function writePages({ out, metafile, dev }) {
  const outputs = Object.entries(metafile.outputs);
  const assetOf = (entry, ext) => {
    const found = outputs.find(
      ([file, meta]) => file.endsWith(ext) && meta.entryPoint?.includes(`/${entry}.`),
    );
    if (!found) throw new Error(`no ${ext} output for ${entry}`);
    return `/assets/${path.basename(found[0])}`;
  };
  const template = await readFile(path.join(root, 'public', 'index.html'), 'utf8');
  const scripts = {};
  for (const page of PAGES) {
    scripts[page.entry] = assetOf(page.entry, '.js');
    const html = template
      .replace('%TITLE%', page.title)
      .replace('%CSS%', assetOf('styles', '.css'))
      .replace('%SCRIPT%', scripts[page.entry]);
    const file = path.join(out, dev ? page.devHtml : page.html);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, html);
  }
  return scripts;
}
