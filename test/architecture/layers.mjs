// Lints the sources given on stdin (JSON: [{ filePath, code }]) with the layer rules alone, as
// `npm run lint` applies them, and prints the messages as JSON. Used by layers.spec.ts: Jest's
// CommonJS runtime cannot load ESLint's flat config, an ES module.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { layers } from '../../eslint.layers.mjs';

const sources = JSON.parse(
  await new Promise((done) => {
    let text = '';
    process.stdin.on('data', (chunk) => (text += chunk)).on('end', () => done(text));
  }),
);
const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, layers],
});
const results = [];
for (const { filePath, code } of sources) {
  const [result] = await eslint.lintText(code, { filePath });
  results.push(result.messages.map(({ ruleId, message, line }) => ({ ruleId, message, line })));
}
process.stdout.write(JSON.stringify(results));
