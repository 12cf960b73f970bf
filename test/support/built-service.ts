import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** The built service as operators run it (`npm run start:prod`), for the tests that spawn it. */
export const ROOT = resolve(__dirname, '../..');
export const MAIN = join(ROOT, 'dist/server.js');

/** The newest modification time of the files under `dir` whose name passes `include`. */
function newest(dir: string, include: (name: string) => boolean): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path, include));
    else if (include(entry.name)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

/** The bundle is stale when a compiled source is newer than it (every bundling rewrites it). */
function distIsStale(): boolean {
  const compiled = (name: string): boolean => name.endsWith('.ts') && !name.endsWith('.spec.ts');
  const built = existsSync(MAIN) ? statSync(MAIN).mtimeMs : 0;
  return built < newest(join(ROOT, 'src'), compiled);
}

/** Builds the service (as `npm run build` does, despite type errors) unless dist is up to date. */
export async function ensureBuilt(): Promise<void> {
  if (!distIsStale()) return;
  const run = (command: string, args: string[]) =>
    promisify(execFile)(command, args, { cwd: ROOT }).catch(
      (error: Error & { stdout?: string; stderr?: string }) => ({
        stdout: `${error.stdout ?? ''}${error.stderr ?? error.message}`,
      }),
    );
  // Type errors are the linter's business; what matters here is that the JavaScript was emitted.
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const compiled = await run(process.execPath, [tsc, '-p', 'tsconfig.build.json']);
  // What `npm run build` does after tsc (which stops it at a type error): the bundle, the template.
  const artifacts = await run('npm', ['run', 'build:artifacts']);
  if (distIsStale()) throw new Error(`build failed:\n${compiled.stdout}\n${artifacts.stdout}`);
}

/** A port nobody listens on right now, on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}
