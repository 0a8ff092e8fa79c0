const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * Every line the suite made the app write keeps the contract: each temporary log directory this
 * run created (tempDir: restaurant-*) is read with the published testing entry point, and a line
 * that fails its schema, or an access line the reference parser refuses, fails the run.
 */
/** Lines a test wrote itself on purpose (plantForeignLine in test/helpers/logs.ts). */
function foreignLines(dir) {
  const listed = path.join(dir, '.foreign-lines');
  if (!fs.existsSync(listed)) return new Set();
  const entries = fs
    .readFileSync(listed, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  return new Set(entries.map(({ file, line }) => `${file}\n${line}`));
}

module.exports = () => {
  const { LOG_FILES, LogDirectory } = require('../dist/testing');
  const started = globalThis.restaurantRunStartedMs ?? 0;
  const dirs = fs
    .readdirSync(os.tmpdir())
    .filter((name) => name.startsWith('restaurant-'))
    .map((name) => path.join(os.tmpdir(), name))
    .filter((dir) => {
      const stat = fs.statSync(dir, { throwIfNoEntry: false });
      return (
        stat?.isDirectory() &&
        stat.birthtimeMs >= started &&
        LOG_FILES.some((file) => fs.existsSync(path.join(dir, file)))
      );
    });
  let lines = 0;
  const problems = [];
  for (const dir of dirs) {
    const logs = new LogDirectory(dir);
    const foreign = foreignLines(dir);
    for (const file of LOG_FILES) lines += logs.lines(file).length;
    for (const problem of logs.problems()) {
      if (!foreign.has(`${problem.file}\n${problem.line}`)) problems.push({ dir, ...problem });
    }
  }
  if (problems.length > 0) {
    const shown = problems
      .slice(0, 10)
      .map((p) => `${p.dir}/${p.file}: ${p.problems.join('; ')}\n  ${p.line.slice(0, 300)}`);
    throw new Error(
      `${problems.length} of ${lines} log lines break the published schemas:\n${shown.join('\n')}`,
    );
  }
  process.stdout.write(`log schemas: ${lines} lines in ${dirs.length} log directories, all valid\n`);
};
