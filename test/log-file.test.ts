import fs from 'node:fs';
import path from 'node:path';
import { LogFile } from '../loggers/log-file';
import { readAllLines } from './helpers/logs';
import { tempDir } from './helpers/test-app';

describe('LogFile', () => {
  const failOnError = (error: Error) => {
    throw error;
  };

  test('when it is closed while a size rotation is still reopening, then every line is on disk', async () => {
    const dir = tempDir('logfile');
    const file = await LogFile.open(
      path.join(dir, 'a.log'),
      { maxBytes: 2048, maxArchives: 10, compress: false },
      failOnError,
    );
    const written = Array.from({ length: 100 }, (_, i) => `line-${i}-${'x'.repeat(90)}`);
    for (const line of written) file.write(`${line}\n`);
    await file.close();
    expect(readAllLines(dir, 'a.log')).toEqual(written);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('a.log.')).length).toBeGreaterThan(0);
  });

  test('when it opens an existing file, then it appends and counts the existing size toward rotation', async () => {
    const dir = tempDir('logfile');
    fs.writeFileSync(path.join(dir, 'a.log'), `${'old'.repeat(400)}\n`);
    const file = await LogFile.open(
      path.join(dir, 'a.log'),
      { maxBytes: 1024, maxArchives: 10, compress: true },
      failOnError,
    );
    expect(file.size).toBe(1201);
    file.write('new\n');
    await file.close();
    const archives = fs.readdirSync(dir).filter((name) => name.startsWith('a.log.'));
    expect(archives).toHaveLength(1);
    expect(readAllLines(dir, 'a.log')).toEqual(['old'.repeat(400), 'new']);
  });
});
