import boundaries from 'eslint-plugin-boundaries';

/**
 * The layers of src/, as import rules (docs/architecture.md):
 * - the domain (checkout's, and the shared building blocks) imports nothing but the domain;
 * - shared/ serves every feature module and imports none of them (config/ and migrations/ are
 *   not feature modules);
 * - a command or query slice imports the module's domain, HTTP edge and shared code, never
 *   another slice.
 * Tests (specs beside the code, test/) are not layers and are not checked.
 */
export const layers = {
  files: ['src/**/*.ts'],
  ignores: ['**/*.spec.ts', '**/*-spec.ts'],
  plugins: { boundaries },
  settings: {
    'import/resolver': { node: { extensions: ['.ts', '.js'] } },
    'boundaries/include': ['src/**/*.ts'],
    'boundaries/elements': [
      { type: 'shared-domain', pattern: 'src/shared/domain' },
      { type: 'shared', pattern: 'src/shared' },
      { type: 'domain', pattern: 'src/*/domain', capture: ['module'] },
      { type: 'slice', pattern: 'src/checkout/(commands|queries)/*', capture: ['kind', 'name'] },
      // What every module stands on: the configuration and the schema's migrations.
      { type: 'platform', pattern: ['src/config', 'src/migrations'] },
      { type: 'module', pattern: 'src/*', capture: ['name'] },
    ],
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'allow',
        policies: [
          {
            from: { element: { types: ['domain', 'shared-domain'] } },
            disallow: { to: { element: { types: ['shared', 'slice', 'platform', 'module'] } } },
            message: 'The domain imports nothing outside the domain.',
          },
          {
            from: { element: { types: ['shared', 'shared-domain'] } },
            disallow: { to: { element: { types: ['domain', 'slice', 'module'] } } },
            message: 'shared/ imports no feature module.',
          },
          {
            from: { element: { type: 'slice' } },
            disallow: {
              to: {
                element: {
                  type: 'slice',
                  captured: { name: '!{{ from.element.captured.name }}' },
                },
              },
            },
            message: 'A command or query imports no other command or query.',
          },
        ],
      },
    ],
  },
};
