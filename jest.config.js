/**
 * `npm test`: every tier but the reliability run (docs/testing.md):
 * - unit tests beside the code, `src/**\/*.spec.ts`: pure, no database (also `npm run test:unit`);
 * - integration tests beside the code, `src/**\/*.int-spec.ts`: a database, Redis;
 * - e2e tests, `test/**\/*.e2e-spec.ts` (and the tool checks, `test/**\/*.spec.ts`).
 * NestJS 12 and a few of its dependencies ship only ES modules; Jest's CommonJS runtime cannot
 * require them, so SWC compiles those packages (and our TypeScript) to CommonJS.
 */
const ESM_ONLY = [
  '@nestjs',
  'cookie',
  'set-cookie-parser',
  'content-disposition',
  'toad-cache',
  'file-type',
  'strtok3',
  'token-types',
  'uint8array-extras',
  '@tokenizer',
  '@borewit',
  '@standard-schema',
  'formidable',
  'iso-3166',
];

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '\\.(spec|int-spec|e2e-spec)\\.ts$',
  // test/reliability has its own run: npm run test:reliability (jest.reliability.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/reliability/'],
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  testTimeout: 60_000,
  maxWorkers: process.env.CI ? 2 : '50%',
  // A worker that ran ~25 files held ~2 GB (each embedded database's WebAssembly memory) and took
  // over Jest's 500 ms to tear down after exiting, so Jest killed it and warned that it "failed to
  // exit gracefully". Recycled past 512 MB of heap, workers end smaller; one that ends just under
  // the limit (~700 MB RSS, ~0.3 s to go) can still draw the warning now and then.
  workerIdleMemoryLimit: '512MB',
};
