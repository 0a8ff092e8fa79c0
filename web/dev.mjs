// The pages from a dev server of their own (default http://localhost:8080, as the reference's
// frontends), rebuilt on every change, calling the app's API through CORS: start the app with
// CORS_ORIGINS=http://localhost:8080. The collector already allows this origin.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { context } from 'esbuild';
import { bundleOptions, root, writePages } from './pages.mjs';

const apiOrigin = process.env.API_ORIGIN ?? 'http://localhost:3001';
const port = Number(process.env.WEB_DEV_PORT ?? 8080);
const out = path.join(root, '..', 'dist', 'web-dev');

await rm(out, { recursive: true, force: true });
const pages = {
  name: 'pages',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.metafile) await writePages({ out, metafile: result.metafile, dev: true });
    });
  },
};
const ctx = await context({ ...bundleOptions({ out, apiOrigin, hashed: false }), plugins: [pages] });
await ctx.watch();
await ctx.serve({ servedir: out, port, host: '127.0.0.1' });
console.log(`web: pages on http://localhost:${port}/ calling the API at ${apiOrigin}`);
console.log(`web: start the app with CORS_ORIGINS=http://localhost:${port}`);
