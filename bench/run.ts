/**
 * `npm run bench`: the checkout service's command path against the raw ceiling, in one run on one
 * database server. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { drive, Measurement, Target } from './load';
import { BenchOptions, databaseUrl, parseOptions } from './options';
import { baselineKind, saveBaseline, updatePerformanceDoc } from './baseline';
import {
  ensureBuilt,
  postgresCpuSeconds,
  processCpuSeconds,
  sampleRss,
  ServerProcess,
  startRawCeiling,
  startService,
} from './processes';
import { machineDescription, renderTable, ResultRow, RunMeta, toRow, writeRun } from './report';
import { BenchTokens } from './tokens';
import { RelayLag, renderRelayTable, watchRelay } from './relay-lag';
import { NamedScenario, rawScenario, serviceScenarios } from './scenarios';
import {
  canConnect,
  dropDatabase,
  parallel,
  rawVersions,
  recreateDatabase,
  seedRaw,
  seedThroughApi,
  seedWithSql,
} from './seed';

const SERVICE_DATABASE = 'checkout_bench';

const RAW_DATABASE = 'raw_bench';

interface Outcome {
  measurement: Measurement;
  rssMb: number | undefined;
  /** CPU time per answered request over the measured run, in microseconds. */
  cpu: CpuPerRequest;
}

/**
 * Where the time goes: the server process's and PostgreSQL's CPU per request. Unlike req/s,
 * these barely move when the machine is busy with something else, so they show what a change did.
 */
interface CpuPerRequest {
  serverMicros: number | undefined;
  /** Every postgres process on this machine (undefined for the embedded database: in-process). */
  databaseMicros: number | undefined;
}

/** Starts counting; the returned function gives the CPU per request for `requests` answered. */
function cpuMeter(
  server: ServerProcess,
  withDatabase: boolean,
): (requests: number) => CpuPerRequest {
  const database = (): number | undefined => (withDatabase ? postgresCpuSeconds() : undefined);
  const before = { server: processCpuSeconds(server.pid), database: database() };
  return (requests) => {
    const after = { server: processCpuSeconds(server.pid), database: database() };
    const micros = (from: number | undefined, to: number | undefined): number | undefined =>
      from === undefined || to === undefined || requests === 0
        ? undefined
        : Math.round(((to - from) * 1e6) / requests);
    return {
      serverMicros: micros(before.server, after.server),
      databaseMicros: micros(before.database, after.database),
    };
  };
}

/** Re-reads the versions of checkouts whose last request got no 2xx or no answer. */
type Resync = (targets: Target[]) => Promise<void>;

async function runScenario(
  scenario: NamedScenario,
  server: ServerProcess,
  options: BenchOptions,
  resync: Resync,
  notes: string[],
  relay?: { databaseUrl: string; lags: RelayLag[] },
): Promise<Outcome | undefined> {
  const cursor = { next: 0 };
  const settle = async (measurement: Measurement): Promise<void> => {
    if (scenario.pick === 'once' || measurement.unsettled.length === 0) return;
    await sleep(300); // let requests the load generator abandoned finish on the server
    await resync(measurement.unsettled);
  };
  const settings = { connections: options.connections, cursor };
  if (options.warmupSeconds > 0) {
    const warmup = await drive(server.baseUrl, scenario, {
      ...settings,
      seconds: options.warmupSeconds,
    });
    await settle(warmup);
    if (warmup.exhausted) {
      notes.push(
        `${scenario.name}: its ${scenario.targets.length} checkouts ran out in the warm-up; raise --fresh`,
      );
      return undefined;
    }
  }
  const stopSampling = sampleRss(server.pid);
  // The ceiling always runs on a PostgreSQL server; the service, unless it embeds its database.
  const cpuUsed = cpuMeter(
    server,
    options.serverUrl !== undefined || server.name === 'raw-ceiling',
  );
  const watcher =
    relay && scenario.name !== 'GetCheckout'
      ? await watchRelay(relay.databaseUrl, scenario.name)
      : undefined;
  const measurement = await drive(server.baseUrl, scenario, {
    ...settings,
    seconds: options.durationSeconds,
  });
  const rssMb = stopSampling();
  const cpu = cpuUsed(measurement.requests);
  if (watcher) relay?.lags.push(await watcher.finish());
  await settle(measurement);
  if (measurement.exhausted) {
    notes.push(
      `${scenario.name}: measured over ${measurement.seconds.toFixed(1)} s, when its ` +
        `${scenario.targets.length} fresh checkouts ran out (raise --fresh for the full duration)`,
    );
  }
  const failed = Object.entries(measurement.statuses).filter(([status]) => !status.startsWith('2'));
  if (measurement.errors > 0) {
    notes.push(
      `${scenario.name}: ${measurement.errors} errors (${failed.map(([s, n]) => `${n}× ${s}`).join(', ') || 'socket errors/timeouts'})`,
    );
  }
  console.log(
    `  ${scenario.name}: ${Math.round(measurement.reqPerSec)} req/s, p50 ${measurement.p50} ms, ` +
      `p99 ${measurement.p99} ms, ${measurement.errors} errors, ${measurement.requests} requests ` +
      `in ${measurement.seconds.toFixed(1)} s, RSS peak ${rssMb?.toFixed(0) ?? '?'} MB, CPU per ` +
      `request: server ${cpu.serverMicros ?? '?'} µs, PostgreSQL ${cpu.databaseMicros ?? '–'} µs`,
  );
  return { measurement, rssMb, cpu };
}

/** GET each checkout as its own shopper: the ETag is its current version. */
function serviceResync(baseUrl: string): Resync {
  return async (targets) => {
    await parallel(targets.length, 8, async (i) => {
      const target = targets[i]!;
      const response = await fetch(`${baseUrl}/api/storefront/checkouts/${target.id}`, {
        headers: { authorization: `Bearer ${target.token}` },
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      const etag = /(\d+)/.exec(response.headers.get('etag') ?? '')?.[1];
      if (etag) target.version = Number(etag);
    });
  };
}

async function benchService(
  options: BenchOptions,
  meta: RunMeta,
  lags: RelayLag[],
): Promise<Outcome[]> {
  const wanted = serviceScenarios({ main: [], addressed: [], fresh: [[], []] }).filter((s) =>
    options.only.has(s.slug),
  );
  if (wanted.length === 0) return [];
  const secret = randomBytes(32).toString('hex');
  const tokens = new BenchTokens(secret);
  tokens.checkSigner();
  let dataDir: string | undefined;
  let database: { url: string } | { dataDir: string };
  if (options.serverUrl) {
    await recreateDatabase(options.serverUrl, SERVICE_DATABASE);
    database = { url: databaseUrl(options.serverUrl, SERVICE_DATABASE) };
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'checkout-bench-data-'));
    database = { dataDir };
  }
  // --cpu-prof/--heap-prof files are written because the service exits 0 on SIGTERM.
  const nodeArgs = options.serviceNodeArgs;
  console.log(`Starting the service (${meta.database})…`);
  const settings = { database, jwtSecret: secret, nodeArgs, natsUrl: options.natsUrl };
  const started = await startService(settings);
  const { startupSeconds } = started;
  let service = started.service;
  meta.startupToReadySeconds = Math.round(startupSeconds * 100) / 100;
  console.log(`  ready in ${startupSeconds.toFixed(2)} s, pid ${service.pid}`);
  const outcomes: Outcome[] = [];
  try {
    const counts = {
      checkouts: options.checkouts,
      addressed: options.addressed,
      fresh: options.fresh,
      lineItems: options.lineItems,
    };
    console.log(
      `Seeding ${counts.checkouts} + ${counts.addressed} (with address) + 2 × ${counts.fresh} (fresh) checkouts ` +
        `${options.serverUrl ? 'with SQL' : 'through the API'}…`,
    );
    const seedStarted = performance.now();
    const seeded = options.serverUrl
      ? await seedWithSql(databaseUrl(options.serverUrl, SERVICE_DATABASE), counts, tokens)
      : await seedThroughApi(service.baseUrl, counts, tokens);
    meta.seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;
    console.log(`  seeded in ${meta.seedSeconds} s`);
    // The first start above also created the schema (on the embedded database, the database
    // itself: initdb); a restart is what a deploy or a crash costs, so it is measured too.
    await service.stop();
    const restarted = await startService(settings);
    service = restarted.service;
    meta.restartToReadySeconds = Math.round(restarted.startupSeconds * 100) / 100;
    console.log(
      `  restarted in ${restarted.startupSeconds.toFixed(2)} s on the seeded database, pid ${service.pid}`,
    );
    const resync = serviceResync(service.baseUrl);
    const relay =
      options.natsUrl && options.serverUrl
        ? { databaseUrl: databaseUrl(options.serverUrl, SERVICE_DATABASE), lags }
        : undefined;
    if (options.natsUrl && !options.serverUrl) {
      meta.notes.push('relay lag is measured on PostgreSQL only (it reads the outbox table)');
    }
    for (const scenario of serviceScenarios(seeded).filter((s) => options.only.has(s.slug))) {
      const outcome = await runScenario(scenario, service, options, resync, meta.notes, relay);
      if (outcome) outcomes.push(outcome);
    }
  } finally {
    await service.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (options.serverUrl && !options.keepDatabases) {
      await dropDatabase(options.serverUrl, SERVICE_DATABASE).catch(() => undefined);
    }
  }
  return outcomes;
}

async function benchRawCeiling(
  options: BenchOptions,
  notes: string[],
): Promise<Outcome | undefined> {
  if (!options.only.has('raw')) return undefined;
  const server = options.serverUrl ?? options.rawServerUrl;
  if (!(await canConnect(server))) {
    notes.push(`raw ceiling unavailable: no PostgreSQL server answers at ${new URL(server).host}`);
    console.log(`Raw ceiling unavailable: no PostgreSQL server at ${new URL(server).host}`);
    return undefined;
  }
  console.log('Raw ceiling (bench/raw-ceiling/server.ts)…');
  await recreateDatabase(server, RAW_DATABASE);
  const rawUrl = databaseUrl(server, RAW_DATABASE);
  const raw = await startRawCeiling(rawUrl);
  try {
    const targets = await seedRaw(rawUrl, options.checkouts);
    const resync: Resync = async (stale) => {
      const versions = await rawVersions(
        rawUrl,
        stale.map((target) => target.id),
      );
      for (const target of stale) target.version = versions.get(target.id) ?? target.version;
    };
    return await runScenario(rawScenario(targets), raw, options, resync, notes);
  } finally {
    await raw.stop();
    if (!options.keepDatabases) await dropDatabase(server, RAW_DATABASE).catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const started = performance.now();
  const buildWarning = await ensureBuilt((line) => console.log(line));
  const meta: RunMeta = {
    date: new Date().toISOString(),
    machine: machineDescription(),
    node: process.version,
    database: options.serverUrl ? 'postgres' : 'embedded',
    startupToReadySeconds: null,
    restartToReadySeconds: null,
    seedSeconds: null,
    settings: {
      checkouts: options.checkouts,
      addressed: options.addressed,
      freshPerAddVariant: options.fresh,
      lineItems: options.lineItems,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      scenarios: [...options.only],
      serviceNodeArgs: options.serviceNodeArgs,
    },
    notes: buildWarning ? [buildWarning] : [],
  };
  const lags: RelayLag[] = [];
  const service = await benchService(options, meta, lags);
  const ceiling = await benchRawCeiling(options, meta.notes);
  const ceilingRate = ceiling?.measurement.reqPerSec;
  const rows: ResultRow[] = [
    ...service.map((o) => toRow(o.measurement, o.rssMb, ceilingRate)),
    ...(ceiling ? [toRow(ceiling.measurement, ceiling.rssMb, ceilingRate)] : []),
  ];
  // JSON leaves out the figures that could not be measured (undefined).
  meta.cpuPerRequest = Object.fromEntries(
    [...service, ...(ceiling ? [ceiling] : [])].map((o) => [o.measurement.name, o.cpu]),
  );
  console.log(
    `\n${meta.date}, ${meta.machine}, Node ${meta.node}, database: ${meta.database}, ` +
      `${options.connections} connections, ${options.durationSeconds} s per scenario\n`,
  );
  console.log(renderTable(rows));
  console.log(
    `\nstart-up to ready: ${meta.startupToReadySeconds ?? '–'} s on a new database, ` +
      `${meta.restartToReadySeconds ?? '–'} s to restart on the seeded one; seeding: ${meta.seedSeconds ?? '–'} s; ` +
      `ratio = req/s ÷ the raw ceiling's req/s in this run`,
  );
  if (lags.length > 0) {
    console.log(`\nOutbox relay to ${options.natsUrl ?? ''} under that load:\n`);
    console.log(renderRelayTable(lags));
    meta.relay = lags;
  }
  for (const note of meta.notes) console.log(`note: ${note}`);
  const kind = baselineKind(meta.database, options.natsUrl);
  const files = [await writeRun(options.out, kind, rows, meta)];
  if (options.saveBaseline) {
    files.push(...(await saveBaseline(kind, rows, meta)));
    try {
      files.push(await updatePerformanceDoc());
    } catch (error) {
      console.warn(`warning: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(
    `\nwrote ${files.map((file) => relative(process.cwd(), file)).join(', ')} ` +
      `(${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
