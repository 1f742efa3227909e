/** Jest 30 + ts-jest; run through `npm test` (node --experimental-vm-modules lets Jest require the ESM-only MikroORM). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000,
  // Each file has its own database; nothing else is shared, so files may run in parallel.
};
