import fs from 'node:fs';
import path from 'node:path';
import { orderBody } from './helpers/factories';
import { parseAccessLine, readAllLines, readJsonLines } from './helpers/logs';
import { sendRaw } from './helpers/raw-http';
import { spawnServer } from './helpers/server-process';
import { eventually, startTestApp, tempDir } from './helpers/test-app';

const ARCHIVE = /^access\.log\.\d{8}T\d{6}\.\d{3}Z(-\d+)?(\.gz)?$/;

describe('log rotation', () => {
  test('when access.log passes LOG_MAX_SIZE under concurrent load, then it rolls to archives, gzipped from the second on, and loses no line', async () => {
    const t = await startTestApp({
      LOG_MAX_SIZE: '4KB',
      LOG_MAX_ARCHIVES: '1000',
      LOG_COMPRESS_DELAY_MS: '0',
    });
    const sent: string[] = [];
    for (let batch = 0; batch < 15; batch++) {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const requestId = `load-${batch}-${i}`;
          sent.push(requestId);
          return i % 4 === 0
            ? t.http.post('/api/orders').set('X-Request-Id', requestId).send(orderBody())
            : t.http.get('/api/menu/espresso').set('X-Request-Id', requestId);
        }),
      );
    }
    await t.close();

    const archives = fs.readdirSync(t.dirs.logDir).filter((name) => name.startsWith('access.log.'));
    expect(archives.length).toBeGreaterThan(5);
    for (const name of archives) expect(name).toMatch(ARCHIVE);
    // The newest archive stays plain until the next rotation (delaycompress), for tailers.
    const plain = archives.filter((name) => !name.endsWith('.gz'));
    expect(plain).toEqual([[...archives].sort().at(-1)]);
    expect(fs.existsSync(path.join(t.dirs.logDir, 'access.log'))).toBe(true);

    const logged = readAllLines(t.dirs.logDir, 'access.log').map((line) => parseAccessLine(line).requestId);
    expect([...logged].sort()).toEqual([...sent].sort());
    // Every JSON file rotated too, and still holds one valid object per line.
    const performance = readJsonLines(t.dirs.logDir, 'performance.log').filter(
      (l) => l.msg === 'request completed',
    );
    expect(performance).toHaveLength(sent.length);
  });

  test('when there are more archives than LOG_MAX_ARCHIVES, then the oldest are deleted', async () => {
    const t = await startTestApp({ LOG_MAX_SIZE: '2KB', LOG_MAX_ARCHIVES: '2', LOG_COMPRESS: 'false' });
    for (let i = 0; i < 60; i++) await t.http.get('/health');
    await t.close();
    const archives = fs.readdirSync(t.dirs.logDir).filter((name) => name.startsWith('access.log.'));
    expect(archives).toHaveLength(2);
    expect(archives.every((name) => !name.endsWith('.gz'))).toBe(true);
  });

  test('when rotate() is called, then each non-empty file is archived and writing continues at the stable path', async () => {
    const t = await startTestApp();
    await t.http.get('/health').set('X-Request-Id', 'before-roll');
    t.runtime.loggers.rotate();
    await t.http.get('/health').set('X-Request-Id', 'after-roll');
    await t.close();
    const live = fs.readFileSync(path.join(t.dirs.logDir, 'access.log'), 'utf8');
    expect(live).toContain('after-roll');
    expect(live).not.toContain('before-roll');
    expect(readAllLines(t.dirs.logDir, 'access.log').map((l) => parseAccessLine(l).requestId)).toEqual([
      'before-roll',
      'after-roll',
    ]);
    expect(fs.readdirSync(t.dirs.logDir).filter((name) => name.startsWith('app.log.'))).toHaveLength(1);
  });
});

describe('the server process and its log files', () => {
  test('when logrotate moves the files and sends SIGHUP, then the server writes to new files at the same paths', async () => {
    const logDir = tempDir('logs');
    const server = await spawnServer({ LOG_DIR: logDir, DATA_DIR: tempDir('data') });
    await fetch(`${server.baseUrl}/health`, { headers: { 'X-Request-Id': 'before-hup' } });
    const live = path.join(logDir, 'access.log');
    await eventually(() => (fs.readFileSync(live, 'utf8').includes('before-hup') ? true : undefined));
    fs.renameSync(live, `${live}.1`);
    server.child.kill('SIGHUP');
    await eventually(() => (fs.existsSync(live) ? true : undefined));
    await fetch(`${server.baseUrl}/health`, { headers: { 'X-Request-Id': 'after-hup' } });
    expect(await server.stop()).toBe(0);
    const rotated = fs.readFileSync(path.join(logDir, 'access.log.1'), 'utf8');
    const current = fs.readFileSync(path.join(logDir, 'access.log'), 'utf8');
    expect(rotated).toContain('before-hup');
    expect(rotated).not.toContain('after-hup');
    expect(current).toContain('after-hup');
    expect(readJsonLines(logDir, 'app.log').map((l) => l.msg)).toContain('reopening log files');
  });

  test.each([
    [
      'a control character in a header',
      400,
      'GET /health HTTP/1.1\r\nHost: x\r\nUser-Agent: a\u0001b\r\n\r\n',
    ],
    ['a malformed request line', 400, 'GET /health HTTP/1.1 extra\r\n\r\n'],
    ['oversized headers', 431, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
  ])(
    'when Node rejects a request with %s, then it gets a problem+json %i and an access.log line',
    async (_case, status, raw) => {
      const logDir = tempDir('logs');
      const server = await spawnServer({ LOG_DIR: logDir, DATA_DIR: tempDir('data') });
      const response = await sendRaw(server.baseUrl, Buffer.from(raw, 'latin1'));
      await server.stop();
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      const body = JSON.parse(response.body);
      expect(body).toMatchObject({ status, requestId: expect.any(String), traceId: expect.any(String) });
      const [line] = readAllLines(logDir, 'access.log').map(parseAccessLine);
      expect(line).toMatchObject({ status, requestId: body.requestId, method: '-' });
    },
  );
});
