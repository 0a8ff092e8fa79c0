/** The Helm chart's rendered manifests (deploy/helm/validate.sh renders them, then runs this). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/chart'],
  testMatch: ['**/*.chart.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
