import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** The compiled service, as the tests that spawn it as a child process run it. */
export const ROOT = resolve(__dirname, '../..');
export const MAIN = join(ROOT, 'dist/src/main.js');

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

/** dist is stale when a compiled source is newer than everything compiled (builds are incremental). */
function distIsStale(): boolean {
  const compiled = (name: string): boolean => name.endsWith('.ts') && !name.endsWith('.spec.ts');
  const built = existsSync(MAIN)
    ? newest(join(ROOT, 'dist/src'), (name) => name.endsWith('.js'))
    : 0;
  return built < newest(join(ROOT, 'src'), compiled);
}

/** Compiles the service (`npm run build`) unless dist is up to date. */
export async function ensureBuilt(): Promise<void> {
  if (!distIsStale()) return;
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const result = await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
  }).catch((error: Error & { stdout?: string }) => ({ stdout: error.stdout ?? error.message }));
  // Type errors are the linter's business; what matters here is that the JavaScript was emitted.
  if (distIsStale()) throw new Error(`build failed:\n${result.stdout}`);
}

/** A port nobody listens on right now, on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}
