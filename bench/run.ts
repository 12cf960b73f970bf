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
  Seeded,
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

/**
 * Where each scenario that uses every checkout once stands in its pool: its warm-up, measured run
 * and later rounds go on from there.
 */
const cursors = new WeakMap<NamedScenario, { next: number }>();

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
  const cursor = cursors.get(scenario) ?? { next: 0 };
  cursors.set(scenario, cursor);
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

/** The service, seeded and restarted at one store size, ready to be driven. */
interface ServiceStage {
  server: ServerProcess;
  scenarios: NamedScenario[];
  resync: Resync;
  postmaster: number | undefined;
  relay?: { databaseUrl: string; lags: RelayLag[]; label: string };
}

/** The raw ceiling, seeded at one store size, ready to be driven. */
interface CeilingStage {
  server: ServerProcess;
  scenario: NamedScenario;
  resync: Resync;
  postmaster: number | undefined;
}

/** One store size, seeded and running, and what was measured there so far. */
interface Stage {
  checkouts: number;
  scale: ScaleMeta;
  notes: string[];
  service: ServiceStage | undefined;
  ceiling: CeilingStage | undefined;
  /** Each service scenario's outcome with the ceiling's, measured right after it. */
  pairs: { outcome: Outcome; ceiling: Outcome | undefined }[];
  ceilingRuns: Outcome[];
}

/** Stops servers and drops databases, last made first, when the run ends (or fails). */
type Cleanups = (() => Promise<unknown>)[];

/**
 * The service at one store size: a database of its own seeded with `checkouts`, and a restart on
 * it. The first start at the smallest size is the run's start-up to ready.
 */
async function prepareService(
  options: BenchOptions,
  meta: RunMeta,
  stage: Stage,
  relayLags: RelayLag[],
  cleanups: Cleanups,
): Promise<ServiceStage | undefined> {
  const { checkouts } = stage;
  const wanted = serviceScenarios({ main: [], addressed: [], fresh: [[], []] }).filter((s) =>
    options.only.has(s.slug),
  );
  if (wanted.length === 0) return undefined;
  const secret = randomBytes(32).toString('hex');
  const tokens = new BenchTokens(secret);
  tokens.checkSigner();
  const name = `${SERVICE_DATABASE}_${checkouts}`;
  const serverUrl = options.serverUrl;
  let database: { url: string } | { dataDir: string };
  if (serverUrl) {
    await recreateDatabase(serverUrl, name);
    if (!options.keepDatabases) cleanups.push(() => dropDatabase(serverUrl, name));
    database = { url: databaseUrl(serverUrl, name) };
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'checkout-bench-data-'));
    cleanups.push(() => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })));
    database = { dataDir };
  }
  // --cpu-prof/--heap-prof files are written because the service exits 0 on SIGTERM.
  const nodeArgs = options.serviceNodeArgs;
  console.log(`Starting the service (${meta.database})…`);
  const settings = { database, jwtSecret: secret, nodeArgs, natsUrl: options.natsUrl };
  const started = await startService(settings);
  const { startupSeconds } = started;
  meta.startupToReadySeconds ??= Math.round(startupSeconds * 100) / 100;
  console.log(`  ready in ${startupSeconds.toFixed(2)} s, pid ${started.service.pid}`);
  const counts = {
    checkouts,
    addressed: addressedAt(options, checkouts),
    fresh: options.fresh,
    lineItems: options.lineItems,
  };
  console.log(
    `Seeding ${counts.checkouts} + ${counts.addressed} (with address) + 2 × ${counts.fresh} (fresh) checkouts ` +
      `${serverUrl ? 'with SQL' : 'through the API'}…`,
  );
  const seedStarted = performance.now();
  let seeded: Seeded;
  try {
    seeded = serverUrl
      ? await seedWithSql(databaseUrl(serverUrl, name), counts, tokens)
      : await seedThroughApi(started.service.baseUrl, counts, tokens);
  } finally {
    // The first start above also created the schema (on the embedded database, the database
    // itself: initdb); a restart is what a deploy or a crash costs, so it is measured too.
    await started.service.stop();
  }
  stage.scale.seedSeconds = secondsSince(seedStarted);
  console.log(`  seeded in ${stage.scale.seedSeconds} s`);
  const restarted = await startService(settings);
  const server = restarted.service;
  cleanups.push(() => server.stop());
  stage.scale.restartToReadySeconds = Math.round(restarted.startupSeconds * 100) / 100;
  console.log(
    `  restarted in ${restarted.startupSeconds.toFixed(2)} s on the seeded database, pid ${server.pid}`,
  );
  const serviceDatabase = serverUrl && databaseUrl(serverUrl, name);
  if (options.natsUrl && !serverUrl) {
    stage.notes.push('relay lag is measured on PostgreSQL only (it reads the outbox table)');
  }
  return {
    server,
    scenarios: serviceScenarios(seeded).filter((s) => options.only.has(s.slug)),
    resync: serviceResync(server.baseUrl),
    postmaster: serviceDatabase ? await postmasterPid(serviceDatabase) : undefined,
    relay:
      options.natsUrl && serviceDatabase
        ? { databaseUrl: serviceDatabase, lags: relayLags, label: scaleLabel(checkouts) }
        : undefined,
  };
}

/** The raw ceiling on a table of `checkouts`, on the service's server (or --raw-database-url). */
async function prepareCeiling(
  options: BenchOptions,
  stage: Stage,
  cleanups: Cleanups,
): Promise<CeilingStage | undefined> {
  const { checkouts } = stage;
  if (!options.only.has('raw')) return undefined;
  const server = options.serverUrl ?? options.rawServerUrl;
  if (!(await canConnect(server))) {
    stage.notes.push(
      `raw ceiling unavailable: no PostgreSQL server answers at ${new URL(server).host}`,
    );
    console.log(`Raw ceiling unavailable: no PostgreSQL server at ${new URL(server).host}`);
    return undefined;
  }
  console.log(`Raw ceiling (bench/raw-ceiling/server.ts) on ${checkouts} checkouts…`);
  const name = `${RAW_DATABASE}_${checkouts}`;
  await recreateDatabase(server, name);
  if (!options.keepDatabases) cleanups.push(() => dropDatabase(server, name));
  const rawUrl = databaseUrl(server, name);
  const raw = await startRawCeiling(rawUrl);
  cleanups.push(() => raw.stop());
  const seedStarted = performance.now();
  const targets = await seedRaw(rawUrl, checkouts);
  stage.scale.rawSeedSeconds = secondsSince(seedStarted);
  const resync: Resync = async (stale) => {
    const versions = await rawVersions(
      rawUrl,
      stale.map((target) => target.id),
    );
    for (const target of stale) target.version = versions.get(target.id) ?? target.version;
  };
  return {
    server: raw,
    scenario: rawScenario(targets),
    resync,
    postmaster: await postmasterPid(rawUrl),
  };
}

const secondsSince = (started: number): number =>
  Math.round((performance.now() - started) / 100) / 10;

/** Every size seeded and running, smallest first: the service and the ceiling at each. */
async function prepareStages(
  options: BenchOptions,
  meta: RunMeta,
  lags: RelayLag[],
  cleanups: Cleanups,
): Promise<Stage[]> {
  const stages: Stage[] = [];
  for (const checkouts of options.scales) {
    console.log(`\n== ${checkouts.toLocaleString('en-US')} checkouts: seeding ==`);
    const stage: Stage = {
      checkouts,
      scale: {
        checkouts,
        seedSeconds: null,
        rawSeedSeconds: null,
        restartToReadySeconds: null,
        cpuPerRequest: {},
      },
      notes: [],
      service: undefined,
      ceiling: undefined,
      pairs: [],
      ceilingRuns: [],
    };
    stages.push(stage);
    stage.service = await prepareService(options, meta, stage, lags, cleanups);
    stage.ceiling = await prepareCeiling(options, stage, cleanups);
  }
  return stages;
}

async function driveCeiling(stage: Stage, options: BenchOptions): Promise<Outcome | undefined> {
  const ceiling = stage.ceiling;
  if (!ceiling) return undefined;
  const outcome = await runScenario(
    ceiling.scenario,
    ceiling.server,
    ceiling.postmaster,
    options,
    ceiling.resync,
    stage.notes,
  );
  if (outcome) stage.ceilingRuns.push(outcome);
  return outcome;
}

/**
 * Scenario by scenario, every size in turn, each run followed by the ceiling's at the same size:
 * a ratio compares two runs a few seconds apart, and the sizes alternate, so a machine that
 * speeds up or slows down over the run moves both sides of every ratio, and every size, alike.
 * With --rounds, all of it again: a row is then its median round.
 */
async function measure(stages: Stage[], options: BenchOptions): Promise<void> {
  const slugs = stages[0]?.service?.scenarios.map((scenario) => scenario.slug) ?? [];
  for (let round = 1; round <= options.rounds; round += 1) {
    if (options.rounds > 1) console.log(`\n-- round ${round} of ${options.rounds}`);
    for (const slug of slugs) {
      for (const stage of stages) {
        const service = stage.service!;
        const scenario = service.scenarios.find((s) => s.slug === slug)!;
        console.log(`[${scaleLabel(stage.checkouts)}]`);
        const outcome = await runScenario(
          scenario,
          service.server,
          service.postmaster,
          options,
          service.resync,
          stage.notes,
          service.relay,
        );
        const ceiling = await driveCeiling(stage, options);
        if (outcome) stage.pairs.push({ outcome, ceiling });
      }
    }
    if (slugs.length > 0) continue;
    for (const stage of stages) {
      console.log(`[${scaleLabel(stage.checkouts)}]`);
      await driveCeiling(stage, options);
    }
  }
}

/** The middle one of `items` by `key` (the lower middle of an even count). */
function median<T>(items: T[], key: (item: T) => number): T | undefined {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** CPU per request over several runs: all their CPU time over all their requests. */
function pooledCpu(outcomes: Outcome[]): CpuPerRequest {
  const pooled = (micros: (cpu: CpuPerRequest) => number | undefined): number | undefined => {
    let time = 0;
    let requests = 0;
    for (const { cpu, measurement } of outcomes) {
      const value = micros(cpu);
      if (value === undefined) return undefined;
      time += value * measurement.requests;
      requests += measurement.requests;
    }
    return requests === 0 ? undefined : Math.round(time / requests);
  };
  return {
    serverMicros: pooled((cpu) => cpu.serverMicros),
    databaseMicros: pooled((cpu) => cpu.databaseMicros),
  };
}

/**
 * Rows and per-size figures of what was measured; notes and relay rows name the size. A
 * scenario's row is its round with the median ratio, the ceiling's its median run by req/s; CPU
 * per request is pooled over all rounds.
 */
function collect(stages: Stage[], meta: RunMeta): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const stage of stages) {
    const { checkouts, pairs } = stage;
    const cpu: Record<string, CpuPerRequest> = {};
    for (const name of new Set(pairs.map((pair) => pair.outcome.measurement.name))) {
      const rounds = pairs.filter((pair) => pair.outcome.measurement.name === name);
      const ratioOf = (pair: (typeof rounds)[number]): number =>
        pair.outcome.measurement.reqPerSec / (pair.ceiling?.measurement.reqPerSec ?? 1);
      const { outcome, ceiling } = median(rounds, ratioOf)!;
      rows.push(
        toRow(checkouts, outcome.measurement, outcome.rssMb, ceiling?.measurement.reqPerSec),
      );
      cpu[name] = pooledCpu(rounds.map((pair) => pair.outcome));
    }
    const ceiling = median(stage.ceilingRuns, (run) => run.measurement.reqPerSec);
    if (ceiling) {
      rows.push(
        toRow(checkouts, ceiling.measurement, ceiling.rssMb, ceiling.measurement.reqPerSec),
      );
      cpu[ceiling.measurement.name] = pooledCpu(stage.ceilingRuns);
    }
    // JSON leaves out the figures that could not be measured (undefined).
    stage.scale.cpuPerRequest = cpu;
    meta.notes.push(...stage.notes.map((note) => `${scaleLabel(checkouts)}: ${note}`));
    meta.scales.push(stage.scale);
  }
  return rows;
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
      rounds: options.rounds,
      scenarios: [...options.only],
      serviceNodeArgs: options.serviceNodeArgs,
    },
    notes: buildWarning ? [buildWarning] : [],
    scales: [],
  };
  const lags: RelayLag[] = [];
  const cleanups: Cleanups = [];
  let rows: ResultRow[];
  try {
    const stages = await prepareStages(options, meta, lags, cleanups);
    console.log('\n== measuring: each scenario at every size, the ceiling after each run ==');
    await measure(stages, options);
    rows = collect(stages, meta);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
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
