import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Figures of a reliability run. Each test records its own (a JSON file per test, since Jest runs
 * files in separate module registries); the global teardown prints them all as one table and
 * writes them to test-artifacts/reliability/ (gitignored).
 */
export const RESULTS_ROOT = resolve(__dirname, '../../../test-artifacts/reliability');

export type Figures = Record<string, number | string | boolean>;

export interface Recorded {
  test: string;
  passed: boolean;
  figures: Figures;
  violations: string[];
}

export function runDirectory(): string {
  return join(RESULTS_ROOT, process.env.RELIABILITY_RUN_ID ?? 'adhoc');
}

export function record(test: string, figures: Figures, violations: string[] = []): void {
  const dir = runDirectory();
  mkdirSync(dir, { recursive: true });
  const entry: Recorded = { test, passed: violations.length === 0, figures, violations };
  const file = `${Date.now()}-${test.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.json`;
  writeFileSync(join(dir, file), JSON.stringify(entry, null, 2));
}

export function collect(dir: string): Recorded[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((name) => /^\d+-.*\.json$/.test(name));
  } catch {
    return [];
  }
  return files.sort().map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Recorded);
}

/** One row per test: its verdict, then every figure as `name=value`. */
export function table(entries: Recorded[]): string {
  const width = Math.max(4, ...entries.map((entry) => entry.test.length));
  const lines = [`${'test'.padEnd(width)}  verdict  figures`, '-'.repeat(width + 60)];
  for (const entry of entries) {
    const figures = Object.entries(entry.figures).map(([name, value]) => `${name}=${value}`);
    const chunks: string[] = [];
    for (let i = 0; i < figures.length; i += 6) chunks.push(figures.slice(i, i + 6).join('  '));
    lines.push(
      `${entry.test.padEnd(width)}  ${entry.passed ? 'ok     ' : 'FAILED '}  ${chunks[0] ?? ''}`,
    );
    for (const chunk of chunks.slice(1)) lines.push(`${' '.repeat(width + 11)}${chunk}`);
    for (const violation of entry.violations) lines.push(`${' '.repeat(width + 11)}! ${violation}`);
  }
  return lines.join('\n');
}
