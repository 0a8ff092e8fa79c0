import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';

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
  ])('when %s is %p, then loading fails naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  test('when the config is loaded, then it cannot be changed', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.kitchen)).toBe(true);
  });
});
