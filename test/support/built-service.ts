import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

/**
 * The built service as operators run it (`npm run start:prod`), for the tests and the bench that
 * spawn it: one rule for "is dist stale", one build, one free port, one child-server handle.
 */
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

/**
 * True when a file the build reads is newer than the bundle: anything under src/ but the unit
 * tests, the tsconfig files, package-lock.json. Every build rewrites the bundle, so its time is
 * the build's.
 */
export function distIsStale(): boolean {
  const built = existsSync(MAIN) ? statSync(MAIN).mtimeMs : 0;
  const rootFiles = readdirSync(ROOT).filter(
    (name) => /^tsconfig.*\.json$/.test(name) || name === 'package-lock.json',
  );
  const sources = Math.max(
    newest(join(ROOT, 'src'), (name) => !/[.-]spec\.ts$/.test(name)),
    ...rootFiles.map((name) => statSync(join(ROOT, name)).mtimeMs),
  );
  return built < sources;
}

/**
 * Builds the service as `npm run build` does unless dist is up to date. tsc emits despite type
 * errors and `npm run build` stops there; type errors are the linter's business, so the emitted
 * JavaScript is bundled anyway and the returned warning says so. Throws when nothing usable came out.
 */
export async function ensureBuilt(
  log: (line: string) => void = () => undefined,
): Promise<string | undefined> {
  if (!distIsStale()) return undefined;
  log('dist/ is missing or stale: building the service');
  const run = (command: string, args: string[]) =>
    promisify(execFile)(command, args, { cwd: ROOT, maxBuffer: 64 * 2 ** 20 }).then(
      () => ({ ok: true, output: '' }),
      (error: Error & { stdout?: string; stderr?: string }) => ({
        ok: false,
        output: `${error.stdout ?? ''}${error.stderr ?? error.message}`,
      }),
    );
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const compiled = await run(process.execPath, [tsc, '-p', 'tsconfig.build.json']);
  const artifacts = await run('npm', ['run', 'build:artifacts']);
  if (!artifacts.ok || distIsStale()) {
    throw new Error(`build failed:\n${compiled.output}\n${artifacts.output}`);
  }
  if (compiled.ok) return undefined;
  const warning = 'tsc reported type errors; the JavaScript it emitted was built anyway';
  log(`warning: ${warning}\n${compiled.output}`);
  return warning;
}

/** A port nobody listens on right now, on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Any 2xx: the route answered that the server is ready. */
const answeredOk = (status: number): boolean => status >= 200 && status < 300;

/**
 * A child server on loopback: its whole output in a log file, the last of it in memory, and a
 * stop that cannot hang (SIGKILL after a grace period).
 */
export class ServerProcess {
  /** Resolves when the process has exited, however it ended. */
  readonly exited: Promise<ExitStatus>;
  private status: ExitStatus | undefined;
  private tail = '';

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly port: number,
    readonly logFile: string,
  ) {
    mkdirSync(dirname(logFile), { recursive: true });
    const log = createWriteStream(logFile);
    const keep = (chunk: Buffer): void => {
      log.write(chunk);
      this.tail = (this.tail + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => {
        this.status = { code, signal };
        done(this.status);
      }),
    );
    child.once('close', () => log.end(`\n[exit ${JSON.stringify(this.status)}]\n`));
  }

  /** `node <args>` with `PORT` set to `port` in its environment. */
  static spawn(
    name: string,
    args: string[],
    options: { env: NodeJS.ProcessEnv; port: number; logFile: string; cwd?: string },
  ): ServerProcess {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...options.env, PORT: String(options.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServerProcess(name, child, options.port, options.logFile);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The last of what the process wrote to stdout and stderr. */
  output(): string {
    return this.tail;
  }

  /** Polls `path` until `isReady(status)`; throws (with the output) on exit or at the deadline. */
  async waitReady(path: string, timeoutMs: number, isReady = answeredOk): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.status)
        throw this.failure(`exited during start-up (${JSON.stringify(this.status)})`);
      const status = await fetch(this.baseUrl + path, { signal: AbortSignal.timeout(2_000) })
        .then(async (response) => {
          await response.arrayBuffer();
          return response.status;
        })
        .catch(() => 0);
      if (status !== 0 && isReady(status)) return;
      await sleep(25);
    }
    throw this.failure(`not ready after ${timeoutMs} ms`);
  }

  /** `signal`, then SIGKILL if it has not exited within `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<ExitStatus> {
    if (this.status) return this.status;
    this.child.kill(signal);
    const killer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const status = await this.exited;
    clearTimeout(killer);
    return status;
  }

  failure(message: string): Error {
    const lines = this.tail.split('\n').slice(-40).join('\n');
    return new Error(`${this.name} ${message}. Log: ${this.logFile}; last lines:\n${lines}`);
  }
}

export interface BuiltServiceSettings {
  /** The whole environment of the service; PORT is set here. */
  env: NodeJS.ProcessEnv;
  /** Node flags before dist/server.js. */
  nodeArgs?: string[];
  /** Its log is `<logDirectory>/<logName>-<port>.log`. */
  logDirectory: string;
  logName?: string;
  readyTimeoutMs?: number;
}

/**
 * Starts dist/server.js on a free port and waits until `/health/ready` answers 2xx, which it does
 * only once the migrations ran and every dependency answered. Returns how long that took.
 */
export async function startBuiltService(
  settings: BuiltServiceSettings,
): Promise<{ service: ServerProcess; startupSeconds: number }> {
  const port = await freePort();
  const logFile = join(settings.logDirectory, `${settings.logName ?? 'service'}-${port}.log`);
  const started = performance.now();
  const service = ServerProcess.spawn('service', [...(settings.nodeArgs ?? []), MAIN], {
    env: settings.env,
    port,
    logFile,
  });
  try {
    await service.waitReady('/health/ready', settings.readyTimeoutMs ?? 120_000);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return { service, startupSeconds: (performance.now() - started) / 1000 };
}
