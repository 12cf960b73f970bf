/**
 * `npm run test:reliability`: attacks the compiled service over HTTP on loopback, against the
 * local PostgreSQL (and NATS). Not part of `npm test`. One file at a time: the tests measure
 * throughput and inject faults into the shared database server.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/reliability'],
  testRegex: '\\.reliability-spec\\.ts$',
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/reliability/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/reliability/support/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 15 * 60_000,
};
