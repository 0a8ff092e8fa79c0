/** The compose stack as users run it: `docker-compose up --build` on fresh volumes, per mode. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/compose'],
  testMatch: ['**/*.compose.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/compose/global-setup.js',
  // The stack publishes fixed ports: one project at a time.
  maxWorkers: 1,
  testTimeout: 600000,
};
