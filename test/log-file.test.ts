import fs from 'node:fs';
import path from 'node:path';
import { LogFile } from '../loggers/log-file';
import { readAllLines } from './helpers/logs';
import { eventually, tempDir } from './helpers/test-app';

describe('LogFile', () => {
  const failOnError = (error: Error) => {
    throw error;
  };

  test('when it is closed while a size rotation is still reopening, then every line is on disk', async () => {
    const dir = tempDir('logfile');
    const file = await LogFile.open(
      path.join(dir, 'a.log'),
      { maxBytes: 2048, maxArchives: 10, compress: false, compressAfterMs: 0 },
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
      { maxBytes: 1024, maxArchives: 10, compress: true, compressAfterMs: 0 },
      failOnError,
    );
    expect(file.size).toBe(1201);
    file.write('new\n');
    await file.close();
    const archives = fs.readdirSync(dir).filter((name) => name.startsWith('a.log.'));
    expect(archives).toHaveLength(1);
    expect(readAllLines(dir, 'a.log')).toEqual(['old'.repeat(400), 'new']);
  });

  test('when archives are younger than the compression delay, then they stay plain for tailers to finish', async () => {
    const dir = tempDir('logfile');
    const policy = { maxBytes: 1024, maxArchives: 10, compress: true, compressAfterMs: 60_000 };
    const file = await LogFile.open(path.join(dir, 'a.log'), policy, failOnError);
    const live = path.join(dir, 'a.log');
    for (let rotation = 0; rotation < 3; rotation++) {
      for (let i = 0; i < 12; i++) file.write(`line-${rotation}-${i}-${'y'.repeat(100)}\n`);
      // The size rotation renamed the file; wait until the writer has reopened the stable path.
      await eventually(() => (fs.existsSync(live) ? true : undefined));
    }
    await file.close();
    const archives = fs.readdirSync(dir).filter((name) => name.startsWith('a.log.'));
    expect(archives.length).toBeGreaterThan(2);
    expect(archives.filter((name) => name.endsWith('.gz'))).toEqual([]);
  });
});
