import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { ROOT } from '../test/support/built-service';

/** One row of a baseline (bench/results*.json): exactly these fields. */
export interface ResultRow {
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
  /** Stop and start again on the seeded database: what a deploy or a crash costs. */
  restartToReadySeconds: number | null;
  seedSeconds: number | null;
  settings: Record<string, unknown>;
  notes: string[];
  /** Per row: the server's and PostgreSQL's CPU time per request (µs) over the measured run. */
  cpuPerRequest?: Record<
    string,
    { serverMicros: number | undefined; databaseMicros: number | undefined }
  >;
  /** With --nats: the outbox relay's lag per write scenario. */
  relay?: unknown[];
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
  measured: { name: string; reqPerSec: number; p50: number; p99: number; errors: number },
  rssMb: number | undefined,
  ceilingReqPerSec: number | undefined,
): ResultRow {
  return {
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
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((line) => line[i]!.length)),
  );
  const line = (values: string[]): string =>
    `| ${values.map((value, i) => (i === 0 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (i === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
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
