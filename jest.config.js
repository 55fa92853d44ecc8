const os = require('node:os');

const swc = (syntax) => ['@swc/jest', { jsc: { parser: { syntax }, target: 'es2022' } }];

/**
 * Tests hit a real database (embedded PGlite by default, DATABASE_URL for PostgreSQL), one per
 * jest worker (test/support/worker-database.ts), so test files run in parallel.
 */
module.exports = {
  testEnvironment: '<rootDir>/test/support/database-environment.ts',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': swc('typescript'),
    // ESM-only packages (feed, jose, @placemarkio/check-geojson) are compiled to CommonJS for jest;
    // Node 20 itself loads them through require(esm).
    '^.+\\.m?js$': swc('ecmascript'),
  },
  transformIgnorePatterns: ['/node_modules/(?!(feed|jose|@placemarkio)/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  // A worker per core, at least two: a worker's tests wait on its database about as long as they
  // compute. Each worker with its embedded database holds about 1.5 GB, hence at most four.
  maxWorkers: Math.min(4, Math.max(2, os.availableParallelism())),
};
