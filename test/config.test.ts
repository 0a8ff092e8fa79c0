import path from 'node:path';
import { ConfigError, configSummary, loadConfig } from '../src/config';

describe('config', () => {
  test('when nothing is set, then the documented defaults apply', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 3001,
      logDir: '/tmp/codeuser',
      dataDir: path.resolve('data'),
      currency: 'USD',
      taxRateBasisPoints: 875,
    });
  });

  test('when values are set, then they are parsed and typed', () => {
    const config = loadConfig({
      PORT: '8080',
      TAX_RATE: '0.2',
      PAYMENT_DECLINE_RATE: '0.5',
      LOG_DIR: 'logs',
    });
    expect(config.port).toBe(8080);
    expect(config.taxRateBasisPoints).toBe(2000);
    expect(config.payments.declineRate).toBe(0.5);
    expect(config.logDir).toBe(path.resolve('logs'));
  });

  test('when the port is published on loopback (compose), then every caller counts as on this machine', () => {
    expect(loadConfig({ PUBLISH_ADDRESS: '127.0.0.1' }).control).toMatchObject({
      callersAreLocal: true,
      adminToken: undefined,
      adminTokenGenerated: false,
    });
    expect(loadConfig({}).control.callersAreLocal).toBe(false);
  });

  test('when the port is published beyond this machine without ADMIN_TOKEN, then a token is made and scrubbed like a set one', () => {
    const config = loadConfig({ PUBLISH_ADDRESS: '0.0.0.0' });
    expect(config.control).toMatchObject({ callersAreLocal: false, adminTokenGenerated: true });
    expect(config.control.adminToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(config.secrets).toContain(config.control.adminToken);
    const chosen = loadConfig({ PUBLISH_ADDRESS: '0.0.0.0', ADMIN_TOKEN: 'a-token-chosen-by-the-user' });
    expect(chosen.control).toMatchObject({
      adminToken: 'a-token-chosen-by-the-user',
      adminTokenGenerated: false,
    });
  });

  test('when a variable is empty, then its default applies', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3001);
  });

  test.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['NODE_ENV', 'staging'],
    ['PAYMENT_DECLINE_RATE', '1.5'],
    ['CURRENCY', 'dollars'],
    ['KITCHEN_CAPACITY', '0'],
    ['WEB_OTLP_TRACES_URL', 'ftp://collector:4318/v1/traces'],
    ['WEB_OTLP_TRACES_URL', 'off'],
    ['RANDOM_SEED', 'x'.repeat(201)],
  ])('when %s is %p, then loading fails naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  test('when DATABASE_URL names PostgreSQL, then it is used, its password is a secret and the start line shows it masked', () => {
    const url = 'postgres://restaurant:s3cret-pa%24%24word@db.internal:5433/restaurant';
    const config = loadConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: '4' });
    expect(config.database).toEqual({ url, poolSize: 4 });
    expect(config.secrets).toEqual(expect.arrayContaining(['s3cret-pa%24%24word', 's3cret-pa$$word']));
    const summary = JSON.stringify(configSummary(config));
    expect(summary).toContain('postgres://restaurant:***@db.internal:5433/restaurant');
    expect(summary).not.toContain('s3cret');
    expect(loadConfig({}).database).toEqual({ url: undefined, poolSize: 10 });
    // Without a password there is nothing to hide: the start line shows where the database is.
    const open = loadConfig({ DATABASE_URL: 'postgres://restaurant@db.internal/restaurant' });
    expect(open.secrets).toEqual([]);
    expect(configSummary(open).database).toEqual({
      url: 'postgres://restaurant@db.internal/restaurant',
      poolSize: 10,
    });
  });

  test.each(['mysql://db/restaurant', 'postgres://', 'not a url'])(
    'when DATABASE_URL is %s, then loading fails naming it',
    (value) => {
      expect(() => loadConfig({ DATABASE_URL: value })).toThrow(
        /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/,
      );
    },
  );

  test('when the config is loaded, then it cannot be changed', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.kitchen)).toBe(true);
  });
});
