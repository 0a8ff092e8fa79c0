const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/**
 * The images the stack needs. Where no image registry is reachable, the stand-ins are built
 * (the workplace's stand-in script, beside the project as ../shared, or STAND_IN_IMAGES): Node
 * images from this machine's Node.js, the contrib collector's tag holding the collector built
 * from collector/manifest.yaml, and PostgreSQL and HAProxy (test/compose/stand-ins/). Elsewhere docker-compose pulls the real images as usual.
 */
module.exports = () => {
  const root = path.join(__dirname, '..', '..');
  const script =
    process.env.STAND_IN_IMAGES ?? path.join(root, '..', 'shared', 'docker', 'stand-in-images.sh');
  if (!fs.existsSync(script)) return;
  execFileSync('bash', [path.join(root, 'collector', 'build.sh')], { cwd: root, stdio: 'inherit' });
  execFileSync('bash', [script, path.join(root, 'collector', 'bin', 'otelcol-restaurant')], {
    cwd: root,
    stdio: 'inherit',
  });
  // The replicas profile's PostgreSQL and HAProxy, from Debian's packages.
  execFileSync('bash', [path.join(__dirname, 'stand-ins', 'build.sh')], { cwd: root, stdio: 'inherit' });
};
