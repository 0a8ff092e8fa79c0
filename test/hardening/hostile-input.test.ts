import fs from 'node:fs';
import path from 'node:path';
import corpus from '../fixtures/hostile-requests.json';
import { JSON_LOG_FILES, parseAccessLine, readAllLines, readJsonLines } from '../helpers/logs';
import { OtlpReceiver } from '../helpers/otlp-receiver';
import { type RawResponse, sendRaw } from '../helpers/raw-http';
import { spawnServer } from '../helpers/server-process';
import { tempDir } from '../helpers/test-app';

jest.setTimeout(120_000);

interface HostileCase {
  category: string;
  name: string;
  status: number;
  raw?: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  bodyBase64?: string;
}

/** `<<text*N>>` in the fixture stands for `text` repeated N times. */
function expand(value: string): string {
  return value.replace(/<<([\s\S]*?)\*(\d+)>>/g, (_match, text: string, times: string) =>
    text.repeat(Number(times)),
  );
}

function bytesOf(c: HostileCase): Buffer {
  if (c.raw !== undefined) return Buffer.from(expand(c.raw), 'latin1');
  const body =
    c.bodyBase64 !== undefined
      ? Buffer.from(c.bodyBase64, 'base64')
      : c.body !== undefined
        ? Buffer.from(expand(c.body), 'utf8')
        : undefined;
  const headers = Object.entries(c.headers ?? {}).map(([name, value]) => `${name}: ${expand(value)}\r\n`);
  const head =
    `${c.method} ${expand(c.path ?? '/')} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers.join('')}` +
    `${body ? `Content-Length: ${body.length}\r\n` : ''}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body ?? Buffer.alloc(0)]);
}

/** What is wrong with an answer, or undefined when it is the expected problem+json. */
function mismatch(c: HostileCase, res: RawResponse): string | undefined {
  if (res.status !== c.status) return `status ${res.status}, expected ${c.status}: ${res.body.slice(0, 200)}`;
  if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? '')) {
    return `content-type ${res.headers['content-type']}`;
  }
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(res.body);
  } catch {
    return `body is not JSON: ${res.body.slice(0, 200)}`;
  }
  if (
    problem.status !== res.status ||
    typeof problem.code !== 'string' ||
    problem.requestId !== res.headers['x-request-id']
  ) {
    return `not a problem document: ${res.body.slice(0, 200)}`;
  }
  if (res.headers['x-injected'] !== undefined || /injected/i.test(res.headers['set-cookie'] ?? '')) {
    return 'a header the client sent was echoed as a response header';
  }
  return undefined;
}

/**
 * Characters a log line must never hold raw: control characters (other than the line's own
 * newline), DEL and C1 controls, Unicode line and paragraph separators, and bidirectional
 * overrides that make a terminal show something other than what is written.
 */
const UNSAFE_IN_JSON_LOGS = /[^\P{Cc}\n]|[\p{Zl}\p{Zp}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

describe('a corpus of hostile requests', () => {
  const cases = corpus.cases as HostileCase[];

  test('when the corpus is loaded, then it holds at least 100 cases across every category, each expecting a 4xx', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(cases.every((c) => c.status >= 400 && c.status < 500)).toBe(true);
    expect(new Set(cases.map((c) => c.category))).toEqual(
      new Set([
        'malformed_json',
        'deep_nesting',
        'wrong_types',
        'numbers',
        'huge',
        'prototype_keys',
        'unicode_and_control',
        'crlf_and_header_injection',
        'oversized_headers',
        'path_traversal',
        'sql_looking',
        'wrong_methods',
        'content_types',
        'framing',
        'controls',
      ]),
    );
  });

  test('when each hostile request is sent, then it gets its 4xx problem+json, the process stays up, and every log line stays valid and escaped', async () => {
    const receiver = await OtlpReceiver.start();
    const logDir = tempDir('logs');
    /** Status and case name of every answer, by its X-Request-Id. */
    const answered = new Map<string, { status: number; name: string }>();
    const server = await spawnServer({
      OTEL_SDK_DISABLED: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      LOG_DIR: logDir,
      DATA_DIR: tempDir('data'),
    });
    const wrong: { name: string; problem: string }[] = [];
    for (const c of cases) {
      const res = await sendRaw(server.baseUrl, bytesOf(c)).catch((error: Error) => error);
      if (!(res instanceof Error))
        answered.set(res.headers['x-request-id'] ?? '', { status: res.status, name: c.name });
      const problem =
        server.child.exitCode !== null
          ? `the server exited: ${server.output().stderr.slice(-500)}`
          : res instanceof Error
            ? `no answer: ${res.message}`
            : mismatch(c, res);
      if (problem) wrong.push({ name: `${c.category}: ${c.name}`, problem });
    }
    expect(wrong).toEqual([]);

    const health = await fetch(`${server.baseUrl}/health`);
    expect(health.status).toBe(200);
    answered.set(health.headers.get('x-request-id') ?? '', { status: 200, name: 'health' });
    expect(await server.stop()).toBe(0);
    await server.stop();
    await receiver.close();

    const access = readAllLines(logDir, 'access.log');
    expect(access.filter((line) => !/^[\x20-\x7e]+$/.test(line))).toEqual([]);
    const logged = new Map(access.map(parseAccessLine).map((record) => [record.requestId, record.status]));
    // Every answer has its line; the only others are requests that reached the app before Node's
    // parser gave up on their body, logged as abandoned (499) next to the parser's own 400.
    for (const [requestId, { status, name }] of answered)
      expect({ name, status: logged.get(requestId) }).toEqual({ name, status });
    expect([...logged].filter(([id, status]) => !answered.has(id) && status !== 499)).toEqual([]);
    for (const file of JSON_LOG_FILES) {
      const text = fs.readFileSync(path.join(logDir, file), 'utf8');
      expect({ file, unsafe: UNSAFE_IN_JSON_LOGS.exec(text)?.[0] }).toEqual({ file, unsafe: undefined });
      const lines = readJsonLines(logDir, file);
      expect(lines.filter((line) => line.msg === 'FORGED' || line.level === 'fatal')).toEqual([]);
    }
    // Each refused request is a warning in errors.log, with its request id; none is an error.
    const errors = readJsonLines(logDir, 'errors.log');
    expect(errors.filter((line) => line.level !== 'warn')).toEqual([]);
    const warned = new Set(errors.map((line) => line.requestId));
    const unwarned = [...answered].filter(([id, { status }]) => status !== 200 && !warned.has(id));
    expect(unwarned.map(([, { name }]) => name)).toEqual([]);
  });
});
