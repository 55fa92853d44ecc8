/** Tests hit a real database (embedded PGlite by default, DATABASE_URL for PostgreSQL): run in band. */
const swc = (syntax) => ['@swc/jest', { jsc: { parser: { syntax }, target: 'es2022' } }];

module.exports = {
  testEnvironment: 'node',
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
};
