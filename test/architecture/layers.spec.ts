/**
 * The layer rules of `npm run lint` (eslint.layers.mjs, eslint-plugin-boundaries), on imports
 * planted in files that do not exist: each forbidden kind of import is reported, and the imports
 * the layers rely on are not. The imported files are real, so the plugin can resolve them.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

interface Planted {
  file: string;
  imports: string;
  /** The rule's message, or null when the import is allowed. */
  expected: string | null;
}

const PLANTED: Planted[] = [
  {
    file: 'src/shared/http/planted.ts',
    imports: '../../checkout/domain/checkout',
    expected: 'shared/ imports no feature module.',
  },
  {
    file: 'src/shared/auth/planted.ts',
    imports: '../../checkout/http/params',
    expected: 'shared/ imports no feature module.',
  },
  {
    file: 'src/shared/domain/planted.ts',
    imports: '../../events/outbox-relay',
    expected: 'shared/ imports no feature module.',
  },
  {
    file: 'src/checkout/domain/planted.ts',
    imports: '../../config/app-config',
    expected: 'The domain imports nothing outside the domain.',
  },
  {
    file: 'src/checkout/domain/planted.ts',
    imports: '../http/params',
    expected: 'The domain imports nothing outside the domain.',
  },
  {
    file: 'src/checkout/commands/update-contact/planted.ts',
    imports: '../../queries/get-checkout/get-checkout.query',
    expected: 'A command or query imports no other command or query.',
  },
  {
    file: 'src/checkout/queries/get-checkout/planted.ts',
    imports: '../../commands/add-billing-address/add-billing-address.command',
    expected: 'A command or query imports no other command or query.',
  },
  // What the layers are for.
  { file: 'src/checkout/domain/planted.ts', imports: './checkout', expected: null },
  {
    file: 'src/checkout/domain/planted.ts',
    imports: '../../shared/domain/viewer',
    expected: null,
  },
  { file: 'src/shared/http/planted.ts', imports: '../../config/app-config', expected: null },
  {
    file: 'src/checkout/commands/update-contact/planted.ts',
    imports: './update-contact.command',
    expected: null,
  },
  {
    file: 'src/checkout/commands/update-contact/planted.ts',
    imports: '../../http/versioning',
    expected: null,
  },
  { file: 'src/app.module.ts', imports: './checkout/checkout.module', expected: null },
];

describe('layer rules (npm run lint)', () => {
  const messages: { ruleId: string; message: string }[][] = JSON.parse(
    execFileSync(process.execPath, [resolve(__dirname, 'layers.mjs')], {
      cwd: ROOT,
      input: JSON.stringify(
        PLANTED.map(({ file, imports }) => ({
          filePath: resolve(ROOT, file),
          code: `import * as planted from '${imports}';\nexport const used = planted;\n`,
        })),
      ),
      encoding: 'utf8',
    }),
  );

  it.each(PLANTED.map((planted, index) => [planted.file, planted.imports, index] as const))(
    '%s importing %s',
    (_file, _imports, index) => {
      const expected = PLANTED[index]!.expected;
      expect(messages[index]).toEqual(
        expected === null
          ? []
          : [{ ruleId: 'boundaries/dependencies', message: expected, line: 1 }],
      );
    },
  );
});
