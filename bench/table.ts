/**
 * `npm run bench:table`: regenerates the figures table in docs/performance.md from the committed
 * baselines (bench/results*.json) without running the bench.
 */
import { relative } from 'node:path';
import { updatePerformanceDoc } from './baseline';

updatePerformanceDoc().then(
  (doc) => console.log(`wrote ${relative(process.cwd(), doc)}`),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
