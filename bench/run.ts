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
import { addressedAt, BenchOptions, databaseUrl, parseOptions, scaleLabel } from './options';
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
import {
  CpuPerRequest,
  machineDescription,
  renderScaleTable,
  renderTable,
  ResultRow,
  RunMeta,
  ScaleMeta,
  scaleGrowth,
  toRow,
  writeRun,
} from './report';
import { BenchTokens } from './tokens';
import { RelayLag, renderRelayTable, watchRelay } from './relay-lag';
import { NamedScenario, rawScenario, serviceScenarios } from './scenarios';
import {
  canConnect,
  dropDatabase,
  parallel,
  postmasterPid,
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
 * Starts counting where the time goes: the server process's and PostgreSQL's CPU (`postmaster`:
 * the database server's pid, undefined for the embedded database). Unlike req/s, these barely move
 * when the machine is busy with something else, so they show what a change did. The returned
 * function gives the CPU per request for `requests` answered.
 */
function cpuMeter(
  server: ServerProcess,
  postmaster: number | undefined,
): (requests: number) => CpuPerRequest {
  const database = (): number | undefined =>
    postmaster === undefined ? undefined : postgresCpuSeconds(postmaster);
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
  postmaster: number | undefined,
  options: BenchOptions,
  resync: Resync,
  notes: string[],
  relay?: { databaseUrl: string; lags: RelayLag[]; label: string },
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
  const cpuUsed = cpuMeter(server, postmaster);
  const watcher =
    relay && scenario.name !== 'GetCheckout'
      ? await watchRelay(relay.databaseUrl, `${scenario.name} (${relay.label})`)
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

/** One store size: what it measured, and what seeding and restarting took there. */
interface ScaleRun {
  outcomes: Outcome[];
  ceiling: Outcome | undefined;
  meta: ScaleMeta;
}

/**
 * The service at one store size: a fresh database seeded with `checkouts`, a restart on it, then
 * every scenario. The first start at the smallest size is the run's start-up to ready.
 */
async function benchService(
  options: BenchOptions,
  checkouts: number,
  meta: RunMeta,
  scale: ScaleMeta,
  notes: string[],
  relayLags: { lags: RelayLag[]; label: string },
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
  meta.startupToReadySeconds ??= Math.round(startupSeconds * 100) / 100;
  console.log(`  ready in ${startupSeconds.toFixed(2)} s, pid ${service.pid}`);
  const outcomes: Outcome[] = [];
  try {
    const counts = {
      checkouts,
      addressed: addressedAt(options, checkouts),
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
    scale.seedSeconds = secondsSince(seedStarted);
    console.log(`  seeded in ${scale.seedSeconds} s`);
    // The first start above also created the schema (on the embedded database, the database
    // itself: initdb); a restart is what a deploy or a crash costs, so it is measured too.
    await service.stop();
    const restarted = await startService(settings);
    service = restarted.service;
    scale.restartToReadySeconds = Math.round(restarted.startupSeconds * 100) / 100;
    console.log(
      `  restarted in ${restarted.startupSeconds.toFixed(2)} s on the seeded database, pid ${service.pid}`,
    );
    const resync = serviceResync(service.baseUrl);
    const serviceDatabase = options.serverUrl && databaseUrl(options.serverUrl, SERVICE_DATABASE);
    const relay =
      options.natsUrl && serviceDatabase
        ? { databaseUrl: serviceDatabase, ...relayLags }
        : undefined;
    if (options.natsUrl && !options.serverUrl) {
      notes.push('relay lag is measured on PostgreSQL only (it reads the outbox table)');
    }
    const postmaster = serviceDatabase ? await postmasterPid(serviceDatabase) : undefined;
    for (const scenario of serviceScenarios(seeded).filter((s) => options.only.has(s.slug))) {
      const outcome = await runScenario(
        scenario,
        service,
        postmaster,
        options,
        resync,
        notes,
        relay,
      );
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

/** The raw ceiling on a table of `checkouts`, on the service's server (or --raw-database-url). */
async function benchRawCeiling(
  options: BenchOptions,
  checkouts: number,
  scale: ScaleMeta,
  notes: string[],
): Promise<Outcome | undefined> {
  if (!options.only.has('raw')) return undefined;
  const server = options.serverUrl ?? options.rawServerUrl;
  if (!(await canConnect(server))) {
    notes.push(`raw ceiling unavailable: no PostgreSQL server answers at ${new URL(server).host}`);
    console.log(`Raw ceiling unavailable: no PostgreSQL server at ${new URL(server).host}`);
    return undefined;
  }
  console.log(`Raw ceiling (bench/raw-ceiling/server.ts) on ${checkouts} checkouts…`);
  await recreateDatabase(server, RAW_DATABASE);
  const rawUrl = databaseUrl(server, RAW_DATABASE);
  const raw = await startRawCeiling(rawUrl);
  try {
    const seedStarted = performance.now();
    const targets = await seedRaw(rawUrl, checkouts);
    scale.rawSeedSeconds = secondsSince(seedStarted);
    const resync: Resync = async (stale) => {
      const versions = await rawVersions(
        rawUrl,
        stale.map((target) => target.id),
      );
      for (const target of stale) target.version = versions.get(target.id) ?? target.version;
    };
    const postmaster = await postmasterPid(rawUrl);
    return await runScenario(rawScenario(targets), raw, postmaster, options, resync, notes);
  } finally {
    await raw.stop();
    if (!options.keepDatabases) await dropDatabase(server, RAW_DATABASE).catch(() => undefined);
  }
}

const secondsSince = (started: number): number =>
  Math.round((performance.now() - started) / 100) / 10;

/** Every scenario and the ceiling at one store size; notes and relay rows name the size. */
async function benchScale(
  options: BenchOptions,
  checkouts: number,
  meta: RunMeta,
  lags: RelayLag[],
): Promise<ScaleRun> {
  const label = scaleLabel(checkouts);
  console.log(`\n== ${checkouts.toLocaleString('en-US')} checkouts ==`);
  const scale: ScaleMeta = {
    checkouts,
    seedSeconds: null,
    rawSeedSeconds: null,
    restartToReadySeconds: null,
    cpuPerRequest: {},
  };
  const notes: string[] = [];
  const outcomes = await benchService(options, checkouts, meta, scale, notes, { lags, label });
  const ceiling = await benchRawCeiling(options, checkouts, scale, notes);
  meta.notes.push(...notes.map((note) => `${label}: ${note}`));
  // JSON leaves out the figures that could not be measured (undefined).
  scale.cpuPerRequest = Object.fromEntries(
    [...outcomes, ...(ceiling ? [ceiling] : [])].map((o) => [o.measurement.name, o.cpu]),
  );
  return { outcomes, ceiling, meta: scale };
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
    settings: {
      scales: options.scales,
      addressed: options.addressed ?? 'the scale',
      freshPerAddVariant: options.fresh,
      lineItems: options.lineItems,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      scenarios: [...options.only],
      serviceNodeArgs: options.serviceNodeArgs,
    },
    notes: buildWarning ? [buildWarning] : [],
    scales: [],
  };
  const lags: RelayLag[] = [];
  const rows: ResultRow[] = [];
  for (const checkouts of options.scales) {
    const run = await benchScale(options, checkouts, meta, lags);
    const ceilingRate = run.ceiling?.measurement.reqPerSec;
    for (const outcome of [...run.outcomes, ...(run.ceiling ? [run.ceiling] : [])]) {
      rows.push(toRow(checkouts, outcome.measurement, outcome.rssMb, ceilingRate));
    }
    meta.scales.push(run.meta);
  }
  console.log(
    `\n${meta.date}, ${meta.machine}, Node ${meta.node}, database: ${meta.database}, ` +
      `${options.connections} connections, ${options.durationSeconds} s per scenario`,
  );
  for (const scale of meta.scales) {
    console.log(`\n${scale.checkouts.toLocaleString('en-US')} checkouts:\n`);
    console.log(renderTable(rows.filter((row) => row.checkouts === scale.checkouts)));
    console.log(
      `\nseeding: ${scale.seedSeconds ?? '–'} s (raw ceiling: ${scale.rawSeedSeconds ?? '–'} s); ` +
        `restart to ready on the seeded database: ${scale.restartToReadySeconds ?? '–'} s`,
    );
  }
  if (meta.scales.length > 1) {
    meta.scaleGrowth = scaleGrowth(rows);
    console.log('\nThe scale axis (CPU: per request, measured run):\n');
    console.log(renderScaleTable(meta.scaleGrowth, meta.scales));
  }
  console.log(
    `\nstart-up to ready: ${meta.startupToReadySeconds ?? '–'} s on a new database; ` +
      `ratio = req/s ÷ the raw ceiling's req/s at the same size in this run`,
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
