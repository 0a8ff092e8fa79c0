const { execFileSync } = require('node:child_process');
const path = require('node:path');

/** Tests that spawn the server run the built code: build it once before the suite. */
module.exports = () => {
  // global-teardown.js checks the log directories this run made against the published schemas.
  globalThis.restaurantRunStartedMs = Date.now();
  const root = path.join(__dirname, '..');
  // As npm run build: the server (tsc) and the browser pages (web/build.mjs).
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
};
