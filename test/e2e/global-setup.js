const { execFileSync } = require('node:child_process');
const path = require('node:path');

/** The end-to-end suite runs the built app and the built collector, as users do. */
module.exports = () => {
  // global-teardown.js checks the log directories this run made against the published schemas.
  globalThis.restaurantRunStartedMs = Date.now();
  const root = path.join(__dirname, '..', '..');
  // As npm run build: the server (tsc) and the browser pages (web/build.mjs).
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  execFileSync('bash', [path.join(root, 'collector', 'build.sh')], { cwd: root, stdio: 'inherit' });
};
