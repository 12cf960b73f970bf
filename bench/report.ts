import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { ROOT } from '../test/support/built-service';
import { scaleLabel } from './options';

/** One row of a baseline (bench/results*.json): exactly these fields. */
export interface ResultRow {
  /** The store size this row was measured at (the scale). */
  checkouts: number;
  name: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  rssMb: number | null;
  ratio: number | null;
}

/** Everything else about the run, in a baseline's .meta.json beside its rows. */
export interface RunMeta {
  date: string;
  machine: string;
  node: string;
  database: 'postgres' | 'embedded';
  /** First start, on a database it has to create the schema in (embedded: the database too). */
  startupToReadySeconds: number | null;
  settings: Record<string, unknown>;
  notes: string[];
  /** What each store size took, smallest first. */
  scales: ScaleMeta[];
  /** Per row name: how its ratio to the ceiling moved from the smallest size to the largest. */
  scaleGrowth?: ScaleGrowth[];
  /** With --nats: the outbox relay's lag per write scenario. */
  relay?: unknown[];
}

export interface CpuPerRequest {
  serverMicros: number | undefined;
  /** The PostgreSQL server's processes (undefined for the embedded database: in-process). */
  databaseMicros: number | undefined;
}

export interface ScaleMeta {
  checkouts: number;
  /** Seeding the service's database, and the raw ceiling's table of as many checkouts. */
  seedSeconds: number | null;
  rawSeedSeconds: number | null;
  /** Stop and start again on the seeded database: what a deploy or a crash costs. */
  restartToReadySeconds: number | null;
  /** Per row name: the server's and PostgreSQL's CPU time per request (µs), measured run. */
  cpuPerRequest: Record<string, CpuPerRequest>;
}

export interface ScaleGrowth {
  name: string;
  /** Store size -> ratio to the raw ceiling measured at that size. */
  ratios: Record<string, number | null>;
  /** Ratio at the largest size ÷ ratio at the smallest: 1 when size costs nothing extra. */
  growth: number | null;
}

export function machineDescription(): string {
  const cores = cpus();
  return `${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown cpu'}), ${Math.round(totalmem() / 2 ** 30)} GiB`;
}

const round = (value: number, places: number): number => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
};

export function toRow(
  checkouts: number,
  measured: { name: string; reqPerSec: number; p50: number; p99: number; errors: number },
  rssMb: number | undefined,
  ceilingReqPerSec: number | undefined,
): ResultRow {
  return {
    checkouts,
    name: measured.name,
    reqPerSec: round(measured.reqPerSec, 0),
    p50: round(measured.p50, 2),
    p99: round(measured.p99, 2),
    errors: measured.errors,
    rssMb: rssMb === undefined ? null : round(rssMb, 1),
    ratio: ceilingReqPerSec ? round(measured.reqPerSec / ceilingReqPerSec, 2) : null,
  };
}

/** A Markdown table: readable in a terminal, and pasted as is into a README or an issue. */
function markdownTable(header: string[], cells: string[][]): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((line) => line[i]!.length)),
  );
  const line = (values: string[]): string =>
    `| ${values.map((value, i) => (i === 0 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (i === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}

/** The rows measured at one store size. */
export function renderTable(rows: ResultRow[]): string {
  const header = ['name', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server RSS MB', 'ratio'];
  const cells = rows.map((row) => [
    row.name,
    row.reqPerSec.toLocaleString('en-US'),
    row.p50.toFixed(2),
    row.p99.toFixed(2),
    String(row.errors),
    row.rssMb === null ? '–' : row.rssMb.toFixed(0),
    row.ratio === null ? '–' : row.ratio.toFixed(2),
  ]);
  return markdownTable(header, cells);
}

/** Each row name's ratio at every size, and the largest size's ratio ÷ the smallest's. */
export function scaleGrowth(rows: ResultRow[]): ScaleGrowth[] {
  const sizes = [...new Set(rows.map((row) => row.checkouts))].sort((a, b) => a - b);
  const names = [...new Set(rows.map((row) => row.name))];
  return names.map((name) => {
    const ratioAt = (checkouts: number | undefined): number | null =>
      rows.find((row) => row.name === name && row.checkouts === checkouts)?.ratio ?? null;
    const first = ratioAt(sizes[0]);
    const last = ratioAt(sizes.at(-1));
    return {
      name,
      ratios: Object.fromEntries(sizes.map((size) => [String(size), ratioAt(size)])),
      growth: first && last !== null ? round(last / first, 2) : null,
    };
  });
}

/**
 * The scale axis in one table: per row name, its ratio to the ceiling at each size, the largest
 * size's ratio ÷ the smallest's, and the CPU per request behind it on both sides.
 */
export function renderScaleTable(growth: ScaleGrowth[], scales: ScaleMeta[]): string {
  const labels = scales.map((scale) => scaleLabel(scale.checkouts));
  const growthLabel = `${labels.at(-1)} ÷ ${labels[0]}`;
  const header = [
    'name',
    ...labels.map((label) => `ratio ${label}`),
    growthLabel,
    ...labels.map((label) => `server µs ${label}`),
    ...labels.map((label) => `PostgreSQL µs ${label}`),
  ];
  const micros = (value: number | undefined): string =>
    value === undefined ? '–' : value.toLocaleString('en-US');
  const cells = growth.map((row) => [
    row.name,
    ...scales.map((scale) => row.ratios[String(scale.checkouts)]?.toFixed(2) ?? '–'),
    row.growth === null ? '–' : row.growth.toFixed(2),
    ...scales.map((scale) => micros(scale.cpuPerRequest[row.name]?.serverMicros)),
    ...scales.map((scale) => micros(scale.cpuPerRequest[row.name]?.databaseMicros)),
  ]);
  return markdownTable(header, cells);
}

/** Writes `value` as JSON formatted the way `npm run lint` (prettier --check) expects. */
export async function writeJson(file: string, value: unknown): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const config = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(JSON.stringify(value), { ...config, parser: 'json' }));
}

/** The folder every run writes to; ignored by git, so a run leaves the tree clean. */
export const RUNS_DIRECTORY = join(ROOT, 'bench/results');

/** Writes the run's rows and meta to `file`, by default a new file in bench/results/. */
export async function writeRun(
  file: string | undefined,
  kind: string,
  rows: ResultRow[],
  meta: RunMeta,
): Promise<string> {
  const out = file ?? join(RUNS_DIRECTORY, `${meta.date.replace(/[:.]/g, '-')}-${kind}.json`);
  await writeJson(out, { meta, rows });
  return out;
}
