import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../test/support/built-service';

/** The scenarios in run order; `--only` takes these slugs. */
export const SCENARIO_SLUGS = [
  'update-contact',
  'update-contact-versioned',
  'add-billing-address',
  'add-billing-address-versioned',
  'update-billing-address',
  'update-billing-address-versioned',
  'get-checkout',
  'raw',
] as const;
export type ScenarioSlug = (typeof SCENARIO_SLUGS)[number];

export interface BenchOptions {
  /** PostgreSQL server for the service (a fresh database is made on it); unset: embedded. */
  serverUrl: string | undefined;
  /** NATS with JetStream for the service's outbox relay; then the relay's lag is measured too. */
  natsUrl: string | undefined;
  /** PostgreSQL server for the raw ceiling when the service runs embedded. */
  rawServerUrl: string;
  /**
   * The store sizes measured, ascending: at each, the checkouts for UpdateContact / GetCheckout
   * and the rows of the raw ceiling's table. Every scenario runs once per size, in one run.
   */
  scales: number[];
  /** Checkouts with a billing address, for UpdateBillingAddress; unset: see `addressedAt`. */
  addressed: number | undefined;
  /** Fresh checkouts (no address) for EACH AddBillingAddress variant: one request per checkout. */
  fresh: number;
  lineItems: number;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Times every scenario (and its ceiling run) is measured at every size; rows take the median. */
  rounds: number;
  only: ReadonlySet<ScenarioSlug>;
  /** Where the run's figures go; unset: bench/results/<date>-<kind>.json (not committed). */
  out: string | undefined;
  /** Also replace the committed baseline of this kind and the table in docs/performance.md. */
  saveBaseline: boolean;
  /** Extra node flags for the service process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
  serviceNodeArgs: string[];
  keepDatabases: boolean;
}

const HELP = `npm run bench -- [options]            (every option also has an env variable)
  --scales N,M         store sizes to measure, each in turn: checkouts for UpdateContact and
                       GetCheckout (and rows in the raw ceiling's table)    [BENCH_SCALES,
                       10000,1000000 on PostgreSQL, 10000 embedded]
  --addressed N        checkouts with a billing address, for UpdateBillingAddress
                       [BENCH_ADDRESSED, = the scale on PostgreSQL, up to 2000 embedded]
  --fresh N            fresh checkouts per AddBillingAddress variant (one POST each)
                       [BENCH_FRESH, 30000 on PostgreSQL, 12000 embedded, × --rounds]
  --line-items N       line items per checkout                     [BENCH_LINE_ITEMS, 3]
  --connections N      autocannon connections                      [BENCH_CONNECTIONS, 32]
  --duration S         measured seconds per scenario               [BENCH_DURATION, 15]
  --warmup S           warm-up seconds before each scenario        [BENCH_WARMUP, 3]
  --rounds N           measure everything N times over, the sizes taking turns each round;
                       a row is its median round                   [BENCH_ROUNDS, 1]
  --only a,b           run only these scenarios: ${SCENARIO_SLUGS.join(', ')}  [BENCH_ONLY]
  --raw-database-url U PostgreSQL server for the raw ceiling when DATABASE_URL is unset
                       [BENCH_RAW_DATABASE_URL, postgres://postgres@127.0.0.1:5432/postgres]
  --service-node-args="..." node flags for the service besides those  [BENCH_SERVICE_NODE_ARGS]
                       of npm run start:prod (with =)
  --nats URL           NATS with JetStream for the outbox relay; also measures the relay's
                       lag from commit to broker ack (PostgreSQL only)     [BENCH_NATS_URL]
  --out FILE           the run's figures       [BENCH_OUT, bench/results/<date>-<kind>.json]
  --save-baseline      also replace the committed baseline of this kind (bench/results*.json)
                       and the figures table in docs/performance.md (npm run bench:baseline)
  --keep-databases     keep checkout_bench_<N> / raw_bench_<N> after the run
                       [BENCH_KEEP_DATABASES=1]
DATABASE_URL: a PostgreSQL server for the service; unset: the embedded database.`;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer`);
  return value;
}

/** "1000000,10000" -> [10000, 1000000]: ascending, each once. */
function scaleList(raw: string): number[] {
  const scales = raw.split(',').map((n) => {
    const value = Number(n.trim().replace(/_/g, ''));
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error('--scales must be positive integers separated by commas');
    }
    return value;
  });
  return [...new Set(scales)].sort((a, b) => a - b);
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      scales: { type: 'string' },
      addressed: { type: 'string' },
      fresh: { type: 'string' },
      'line-items': { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      only: { type: 'string' },
      'raw-database-url': { type: 'string' },
      'service-node-args': { type: 'string' },
      out: { type: 'string' },
      nats: { type: 'string' },
      'keep-databases': { type: 'boolean' },
      'save-baseline': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const serverUrl = env.DATABASE_URL || undefined;
  const onlyRaw = values.only ?? env.BENCH_ONLY;
  const only = new Set<ScenarioSlug>();
  for (const slug of (onlyRaw ?? SCENARIO_SLUGS.join(',')).split(',').map((s) => s.trim())) {
    if (!(SCENARIO_SLUGS as readonly string[]).includes(slug)) {
      throw new Error(`--only: unknown scenario "${slug}"; known: ${SCENARIO_SLUGS.join(', ')}`);
    }
    only.add(slug as ScenarioSlug);
  }
  const saveBaseline = values['save-baseline'] ?? false;
  if (saveBaseline && only.size < SCENARIO_SLUGS.length) {
    throw new Error('--save-baseline: a baseline holds every scenario; leave out --only');
  }
  const warmup = values.warmup ?? env.BENCH_WARMUP;
  const out = values.out ?? env.BENCH_OUT;
  // The embedded database is seeded through the API, request by request: smaller defaults there.
  const scalesRaw = values.scales ?? (env.BENCH_SCALES || undefined);
  const addressedRaw = values.addressed ?? (env.BENCH_ADDRESSED || undefined);
  const rounds = positiveInt('--rounds', values.rounds ?? env.BENCH_ROUNDS, 1);
  return {
    serverUrl,
    natsUrl: values.nats ?? (env.BENCH_NATS_URL || undefined),
    rawServerUrl:
      values['raw-database-url'] ??
      env.BENCH_RAW_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    scales: scalesRaw ? scaleList(scalesRaw) : serverUrl ? [10_000, 1_000_000] : [10_000],
    addressed: addressedRaw ? positiveInt('--addressed', addressedRaw, 0) : undefined,
    fresh: positiveInt(
      '--fresh',
      values.fresh ?? env.BENCH_FRESH,
      (serverUrl ? 30_000 : 12_000) * rounds,
    ),
    lineItems: positiveInt('--line-items', values['line-items'] ?? env.BENCH_LINE_ITEMS, 3),
    connections: positiveInt('--connections', values.connections ?? env.BENCH_CONNECTIONS, 32),
    durationSeconds: positiveInt('--duration', values.duration ?? env.BENCH_DURATION, 15),
    warmupSeconds: warmup === '0' ? 0 : positiveInt('--warmup', warmup, 3),
    rounds,
    only,
    out: out ? resolve(ROOT, out) : undefined,
    saveBaseline,
    serviceNodeArgs: (values['service-node-args'] ?? env.BENCH_SERVICE_NODE_ARGS ?? '')
      .split(/\s+/)
      .filter(Boolean),
    keepDatabases: values['keep-databases'] ?? env.BENCH_KEEP_DATABASES === '1',
  };
}

/** Checkouts seeded with a billing address at `scale`: as many as the scale on a server. */
export function addressedAt(options: BenchOptions, scale: number): number {
  return options.addressed ?? (options.serverUrl ? scale : Math.min(scale, 2_000));
}

/** 10000 -> "10k", 1000000 -> "1M": the scale in a column heading. */
export function scaleLabel(checkouts: number): string {
  if (checkouts >= 1e6 && checkouts % 1e5 === 0) return `${checkouts / 1e6}M`;
  if (checkouts >= 1e3 && checkouts % 100 === 0) return `${checkouts / 1e3}k`;
  return String(checkouts);
}

/** The database URL for `database` on the server `serverUrl` points at. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
