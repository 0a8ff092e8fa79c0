const { execFileSync } = require('node:child_process');
const path = require('node:path');

/** Tests that spawn the server run the built code: build it once before the suite. */
module.exports = () => {
  const root = path.join(__dirname, '..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
};
