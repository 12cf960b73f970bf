import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { ROOT } from '../test/support/built-service';
import { renderScaleTable, renderTable, ResultRow, RunMeta, writeJson } from './report';

/**
 * The committed figures: one baseline per kind of run, replaced only by `npm run bench:baseline`
 * (`--save-baseline`), and the table docs/performance.md shows of them.
 */
export type BaselineKind = 'postgres' | 'with-nats' | 'embedded';

const BASELINES: { kind: BaselineKind; rows: string }[] = [
  { kind: 'postgres', rows: 'bench/results.json' },
  { kind: 'with-nats', rows: 'bench/results-with-nats.json' },
  { kind: 'embedded', rows: 'bench/results-embedded.json' },
];
const POSTGRES = BASELINES[0]!;

export const PERFORMANCE_DOC = join(ROOT, 'docs/performance.md');
const TABLE_START = '<!-- bench:table:start -->';
const TABLE_END = '<!-- bench:table:end -->';

const metaFileOf = (rowsFile: string): string => rowsFile.replace(/\.json$/, '.meta.json');

export function baselineKind(
  database: RunMeta['database'],
  natsUrl: string | undefined,
): BaselineKind {
  if (database === 'embedded') return 'embedded';
  return natsUrl ? 'with-nats' : 'postgres';
}

/** Replaces the committed baseline of `kind` (rows and meta); returns the files written. */
export async function saveBaseline(
  kind: BaselineKind,
  rows: ResultRow[],
  meta: RunMeta,
): Promise<string[]> {
  const baseline = BASELINES.find((candidate) => candidate.kind === kind)!;
  const rowsFile = join(ROOT, baseline.rows);
  await writeJson(rowsFile, rows);
  await writeJson(metaFileOf(rowsFile), meta);
  return [rowsFile, metaFileOf(rowsFile)];
}

/**
 * The PostgreSQL baseline as Markdown: a table per store size, the scale axis across them, then
 * where and how it ran. The other baselines
 * are described in prose around it; their figures stay in their files.
 */
export function renderFigures(): string {
  const rowsFile = join(ROOT, POSTGRES.rows);
  if (!existsSync(rowsFile) || !existsSync(metaFileOf(rowsFile))) {
    throw new Error(`${POSTGRES.rows} or its .meta.json is missing: run npm run bench:baseline`);
  }
  const rows = JSON.parse(readFileSync(rowsFile, 'utf8')) as ResultRow[];
  const meta = JSON.parse(readFileSync(metaFileOf(rowsFile), 'utf8')) as RunMeta;
  const settings = meta.settings as {
    connections?: number;
    durationSeconds?: number;
    warmupSeconds?: number;
    serviceNodeArgs?: string[];
  };
  const nodeArgs = settings.serviceNodeArgs?.length
    ? `, service node flags \`${settings.serviceNodeArgs.join(' ')}\``
    : '';
  const tables = meta.scales.map((scale) => {
    const restart = scale.restartToReadySeconds ?? '–';
    return [
      `**${scale.checkouts.toLocaleString('en-US')} checkouts** (restart to ready on them: ${restart} s):`,
      renderTable(rows.filter((row) => row.checkouts === scale.checkouts)),
    ].join('\n\n');
  });
  const growth = meta.scaleGrowth
    ? [
        '**The scale axis**: ratio to the ceiling at each size, and CPU per request:',
        renderScaleTable(meta.scaleGrowth, meta.scales),
      ]
    : [];
  return [
    ...tables,
    ...growth,
    `${meta.machine}, Node ${meta.node}; ` +
      `${settings.connections ?? '?'} connections, ${settings.warmupSeconds ?? '?'} s warm-up and ` +
      `${settings.durationSeconds ?? '?'} s per scenario${nodeArgs}; start-up to ready ` +
      `${meta.startupToReadySeconds ?? '–'} s on a new database. Regenerated from ` +
      `\`${POSTGRES.rows}\` by \`npm run bench:baseline\` (or \`npm run bench:table\`).`,
  ].join('\n\n');
}

/**
 * Rewrites what lies between the two marker lines of docs/performance.md with the PostgreSQL
 * baseline. Throws, saying what is missing, when the file or a marker is not there.
 */
export async function updatePerformanceDoc(doc = PERFORMANCE_DOC): Promise<string> {
  const shown = relative(ROOT, doc);
  if (!existsSync(doc)) {
    throw new Error(`${shown} does not exist: no figures table to regenerate`);
  }
  const text = readFileSync(doc, 'utf8');
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start === -1 || end < start) {
    throw new Error(
      `${shown} has no "${TABLE_START}" line followed by a "${TABLE_END}" line: ` +
        'nothing to regenerate between them',
    );
  }
  // Formatted as `npm run lint` (prettier --check) expects; the generated lines also wrapped.
  const config = { ...(await resolveConfig(doc)), parser: 'markdown' };
  const figures = await format(renderFigures(), { ...config, proseWrap: 'always' });
  const updated = `${text.slice(0, start + TABLE_START.length)}\n\n${figures}\n${text.slice(end)}`;
  writeFileSync(doc, await format(updated, config));
  return doc;
}
