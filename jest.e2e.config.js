/** End-to-end: the built app, the built collector and a Mezmo stand-in, all real, on loopback. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/e2e/global-setup.js',
  // Every line the app wrote in the e2e runs is checked against the published schemas too.
  globalTeardown: '<rootDir>/test/global-teardown.js',
  setupFilesAfterEnv: ['<rootDir>/test/helpers/cleanup.ts'],
  // The collector listens on fixed ports: one suite file at a time.
  maxWorkers: 1,
  testTimeout: 180000,
};
