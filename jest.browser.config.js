/** In a real browser: headless Chromium (Debian's package) on the built pages, the built app and the built collector. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.browser.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/e2e/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  setupFilesAfterEnv: ['<rootDir>/test/helpers/cleanup.ts'],
  // The app listens on 3001 (an origin the collector allows) and the collector on its fixed ports.
  maxWorkers: 1,
  testTimeout: 120000,
};
