/**
 * `npm run test:unit`: the pure unit tests beside the code (`src/**\/*.spec.ts`), with no database
 * or other service, so no global setup either. `npm test` runs them too, with everything else.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/src'],
  testRegex: '\\.spec\\.ts$',
  globalSetup: undefined,
  globalTeardown: undefined,
};
