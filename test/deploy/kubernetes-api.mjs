// Checks the Kubernetes objects given on stdin (a JSON array) against the API's own
// schemas and prints, per object, its problems as JSON. Used by manifests.spec.ts: Jest's CommonJS
// runtime cannot load kubernetes-models, an ES module.
//
// Two checks, both generated from the Kubernetes OpenAPI document by kubernetes-models:
// - its JSON-schema validator: types, formats, required fields, enums;
// - its TypeScript types, through the compiler's excess-property check: the API's schemas allow
//   unknown fields, so a misspelt field (`readinesProbe`) would pass the first check and be
//   dropped or refused only by the cluster.
import { join } from 'node:path';
import ts from 'typescript';

const objects = JSON.parse(
  await new Promise((done) => {
    let text = '';
    process.stdin.on('data', (chunk) => (text += chunk)).on('end', () => done(text));
  }),
);

/** kubernetes-models lays its modules out by apiVersion: `v1`, `apps/v1`, `policy/v1`… */
async function schemaProblems({ apiVersion, kind, ...fields }) {
  const models = await import(`kubernetes-models/${apiVersion}`).catch(() => ({}));
  const Model = models[kind];
  if (typeof Model !== 'function') return [`no ${kind} in the Kubernetes API ${apiVersion}`];
  try {
    new Model(fields).validate();
    return [];
  } catch (error) {
    return [error.message];
  }
}

/** One source file declaring every object with its API type; diagnostics mapped back by offset. */
function fieldProblems(objects) {
  const file = join(import.meta.dirname, '__manifests__.ts');
  const starts = [];
  let source = '';
  objects.forEach((object, index) => {
    starts.push(source.length);
    source +=
      `import type { I${object.kind} as T${index} } from 'kubernetes-models/${object.apiVersion}';\n` +
      `export const object${index}: T${index} = ${JSON.stringify(object, null, 2)};\n`;
  });
  const host = ts.createCompilerHost({});
  const readFile = host.readFile;
  const fileExists = host.fileExists;
  host.readFile = (path) => (path === file ? source : readFile(path));
  host.fileExists = (path) => path === file || fileExists(path);
  const program = ts.createProgram(
    [file],
    {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
    },
    host,
  );
  const problems = objects.map(() => []);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const index = starts.findLastIndex((start) => start <= (diagnostic.start ?? 0));
    problems[Math.max(index, 0)].push(ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
  }
  return problems;
}

const fields = fieldProblems(objects);
const results = [];
for (const [index, object] of objects.entries()) {
  results.push([...(await schemaProblems(object)), ...fields[index]]);
}
process.stdout.write(JSON.stringify(results));
