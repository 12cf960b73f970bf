import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { transformFile } from '@swc/core';
import { freePort, ROOT, ServerProcess, startBuiltService } from '../test/support/built-service';
import { JWT_AUDIENCE, JWT_ISSUER } from './tokens';

export { ensureBuilt, ServerProcess } from '../test/support/built-service';

/** Resident set size in MB, from /proc (Linux). */
function rssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** Samples `pid`'s RSS every `everyMs` until the returned function is called; that gives the peak. */
export function sampleRss(pid: number, everyMs = 200): () => number | undefined {
  let peak: number | undefined;
  const sample = (): void => {
    const rss = rssMb(pid);
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

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every mainstream kernel). */
const CLOCK_TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces), from state on. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) `pid` has used so far, from /proc (Linux). */
export function processCpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  // utime and stime: the 14th and 15th fields of the line, 12th and 13th after the name.
  return fields && (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU seconds used so far by one PostgreSQL server on this machine: its postmaster and every
 * process it started (backends, WAL writer, checkpointer, autovacuum), those still running and
 * those that exited (a pool closing an idle connection ends its backend: the postmaster's
 * cutime and cstime then hold that backend's CPU, so the sum never goes down). Only that
 * server's: other clusters here, and the tests that use them, stay out of the bench's figures.
 */
export function postgresCpuSeconds(postmasterPid: number): number | undefined {
  const own = statFields(postmasterPid);
  if (!own) return undefined;
  // utime, stime, cutime, cstime: the 12th to 15th fields after the name.
  let total = own.slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
  total /= CLOCK_TICKS_PER_SECOND;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (Number(fields?.[1]) !== postmasterPid) continue;
    total += (Number(fields![11]) + Number(fields![12])) / CLOCK_TICKS_PER_SECOND;
  }
  return total;
}

/**
 * The postmaster of the server a connection's backend runs under, when that server runs on this
 * machine (the backend's parent, named postgres); undefined otherwise.
 */
export function postmasterOf(backendPid: number): number | undefined {
  const parent = Number(statFields(backendPid)?.[1]);
  if (!parent) return undefined;
  try {
    return readFileSync(`/proc/${parent}/comm`, 'utf8').trim() === 'postgres' ? parent : undefined;
  } catch {
    return undefined;
  }
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
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const words = (scripts['start:prod'] ?? '').split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('dist/server.js'));
}

/** Starts dist/server.js the way production would, and measures start-up to ready. */
export async function startService(
  settings: ServiceSettings,
): Promise<{ service: ServerProcess; startupSeconds: number }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
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
  return startBuiltService({
    env,
    nodeArgs: [...productionNodeArgs(), ...settings.nodeArgs],
    logDirectory: tmpdir(),
    logName: 'checkout-bench-service',
  });
}

/**
 * bench/raw-ceiling/server.ts as plain JavaScript, in node_modules/.cache so that `pg` resolves
 * from this repository. Compiled here rather than loaded through a register hook, which would
 * keep the compiler in the ceiling's memory and its RSS figure.
 */
async function compiledRawCeiling(): Promise<string> {
  const output = await transformFile(join(__dirname, 'raw-ceiling/server.ts'), {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    swcrc: false,
  });
  const file = join(ROOT, 'node_modules/.cache/checkout-bench/raw-ceiling.js');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, output.code);
  return file;
}

/** Starts the raw ceiling on `databaseUrl`; ready once it answers HTTP at all. */
export async function startRawCeiling(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  const raw = ServerProcess.spawn('raw-ceiling', [await compiledRawCeiling()], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    port,
    logFile: join(tmpdir(), `checkout-bench-raw-ceiling-${port}.log`),
  });
  await raw.waitReady('/', 30_000, () => true);
  return raw;
}
