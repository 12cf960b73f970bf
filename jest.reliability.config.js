/**
 * `npm run test:reliability`: everything issue 6 asks for in one run. It attacks the compiled
 * service over HTTP on loopback, against the local PostgreSQL (and NATS), and runs the security
 * suite (test/security, also part of `npm test`) so that every figure lands in one table at the
 * end. Not part of `npm test`. One file at a time: the tests measure throughput and inject faults
 * into the shared database server.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/reliability', '<rootDir>/test/security'],
  testRegex: '(\\.reliability-spec|/security/.+\\.e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/reliability/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/reliability/support/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 15 * 60_000,
};
