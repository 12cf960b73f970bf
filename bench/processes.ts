import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from './options';
import { JWT_AUDIENCE, JWT_ISSUER } from './tokens';

/** The bundled service that `npm run start:prod` runs. */
const SERVICE_ENTRY = join(REPO_ROOT, 'dist/server.js');

function newestMtime(path: string, skip: (name: string) => boolean): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return skip(path) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry), skip));
  }
  return newest;
}

/**
 * Builds the service when dist/ is missing or older than any source the build reads. Returns a
 * warning when tsc reported errors but still emitted the service (it emits despite type errors).
 */
export function ensureBuilt(): string | undefined {
  // Every build rewrites the bundle, so its time is the build's.
  const builtAt = existsSync(SERVICE_ENTRY) ? statSync(SERVICE_ENTRY).mtimeMs : 0;
  const sourcesAt = Math.max(
    newestMtime(join(REPO_ROOT, 'src'), (name) => name.endsWith('.spec.ts')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((file) =>
      existsSync(join(REPO_ROOT, file)) ? statSync(join(REPO_ROOT, file)).mtimeMs : 0,
    ),
  );
  if (builtAt >= sourcesAt) return undefined;
  console.log('dist/ is missing or stale: npm run build');
  const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status === 0) return undefined;
  // tsc emits despite type errors, but npm run build stops there: bundle what it emitted.
  const rest = spawnSync('npm', ['run', 'build:artifacts'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (rest.status !== 0) throw new Error('npm run build failed');
  const warning = 'npm run build reported errors; benchmarked the JavaScript tsc emitted anyway';
  console.warn(`warning: ${warning}`);
  return warning;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error()),
      );
    });
  });
}

/** A child server process whose output goes to a log file, printed when something fails. */
export class ServerProcess {
  private exited: { code: number | null; signal: string | null } | undefined;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly port: number,
    readonly logFile: string,
  ) {
    child.once('exit', (code, signal) => (this.exited = { code, signal }));
  }

  static spawn(
    name: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv; port: number },
  ): ServerProcess {
    const logFile = join(tmpdir(), `checkout-bench-${name}-${process.pid}.log`);
    const log = createWriteStream(logFile);
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    return new ServerProcess(name, child, options.port, logFile);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Polls `path` until it answers 2xx. A 404 means the route does not exist (yet): the server is
   * listening, and Nest listens only after every module (and the migrations) started, so that
   * counts as ready too. Returns how the readiness was established.
   */
  async waitReady(path: string, timeoutMs: number): Promise<'route' | 'any-answer'> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited)
        throw this.failure(`exited during start-up (${JSON.stringify(this.exited)})`);
      try {
        const response = await fetch(this.baseUrl + path, { signal: AbortSignal.timeout(1000) });
        await response.arrayBuffer();
        if (response.ok) return 'route';
        if (response.status === 404) return 'any-answer';
      } catch {
        // not listening yet
      }
      await sleep(25);
    }
    throw this.failure(`not ready after ${timeoutMs} ms`);
  }

  /** Resident set size in MB, from /proc (Linux). */
  rssMb(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
      return kb === undefined ? undefined : Number(kb) / 1024;
    } catch {
      return undefined;
    }
  }

  /** CPU seconds (user + system) this process has used so far, from /proc (Linux). */
  cpuSeconds(): number | undefined {
    return processCpuSeconds(this.pid);
  }

  /** Samples RSS every `everyMs` until the returned function is called; that returns the peak. */
  sampleRss(everyMs = 200): () => number | undefined {
    let peak: number | undefined;
    const sample = (): void => {
      const rss = this.rssMb();
      if (rss !== undefined) peak = Math.max(peak ?? 0, rss);
    };
    sample();
    const timer = setInterval(sample, everyMs);
    return () => {
      clearInterval(timer);
      sample();
      return peak;
    };
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  failure(message: string): Error {
    let tail = '';
    try {
      tail = readFileSync(this.logFile, 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      // no log yet
    }
    return new Error(`${this.name} ${message}. Last lines of ${this.logFile}:\n${tail}`);
  }
}

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every mainstream kernel). */
const CLOCK_TICKS_PER_SECOND = 100;

function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by every process named `postgres` on this machine: the database
 * server's share of a run, when it runs here (undefined when there is none or /proc is missing).
 */
export function postgresCpuSeconds(): number | undefined {
  let total: number | undefined;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const seconds = processCpuSeconds(Number(entry));
    if (seconds !== undefined) total = (total ?? 0) + seconds;
  }
  return total;
}

export interface ServiceSettings {
  database: { url: string } | { dataDir: string };
  jwtSecret: string;
  nodeArgs: string[];
  natsUrl?: string;
}

/** The node flags production runs the service with: those of `npm run start:prod`. */
export function productionNodeArgs(): string[] {
  const scripts = (
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const words = (scripts['start:prod'] ?? '').split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('dist/server.js'));
}

/** Starts dist/server.js the way production would, and measures start-up to ready. */
export async function startService(
  settings: ServiceSettings,
): Promise<{ service: ServerProcess; startupSeconds: number; readiness: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    JWT_SECRET: settings.jwtSecret,
    JWT_ISSUER,
    JWT_AUDIENCE,
  };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  delete env.NATS_URL;
  if (settings.natsUrl) env.NATS_URL = settings.natsUrl;
  if ('url' in settings.database) env.DATABASE_URL = settings.database.url;
  else env.DATA_DIR = settings.database.dataDir;
  const started = performance.now();
  const nodeArgs = [...productionNodeArgs(), ...settings.nodeArgs];
  const service = ServerProcess.spawn('service', [...nodeArgs, SERVICE_ENTRY], {
    cwd: REPO_ROOT,
    env,
    port,
  });
  const readiness = await service.waitReady('/health/ready', 120_000);
  return { service, startupSeconds: (performance.now() - started) / 1000, readiness };
}

/** Starts ../shared/bench/raw-baseline.js (MODE=versioned) on `databaseUrl`. */
export async function startRawCeiling(
  sharedDir: string,
  databaseUrl: string,
): Promise<ServerProcess> {
  const port = await freePort();
  const raw = ServerProcess.spawn('raw-ceiling', [join(sharedDir, 'raw-baseline.js')], {
    cwd: sharedDir,
    // raw-baseline.js needs only `pg`: resolve it from this repository's node_modules.
    env: {
      ...process.env,
      MODE: 'versioned',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      NODE_PATH: join(REPO_ROOT, 'node_modules'),
    },
    port,
  });
  await raw.waitReady('/', 30_000);
  return raw;
}
