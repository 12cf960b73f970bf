import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

/** How far behind the outbox relay ran during one scenario, read from the outbox table. */
export interface RelayLag {
  scenario: string;
  events: number;
  /**
   * published_at − recorded_at: from the row's insert (its commit follows in the same statement)
   * to its mark, which the relay sends once JetStream acknowledged it.
   */
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** published_at − occurred_at: from the handler's change, before its save waited for a connection. */
  fromEventP50Ms: number | null;
  fromEventP99Ms: number | null;
  /** Unpublished rows, sampled every second while the load ran. */
  maxPending: number;
  pendingAtEnd: number;
  /** How long after the load stopped the last row was published. */
  drainSeconds: number;
}

const PENDING = 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL';

/** Samples the relay's backlog while a scenario runs; `finish` waits for the drain and measures. */
export async function watchRelay(
  databaseUrl: string,
  scenario: string,
): Promise<{ finish(): Promise<RelayLag> }> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'checkout-bench' });
  await client.connect();
  const since = new Date();
  let maxPending = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await client.query<{ n: number }>(PENDING);
      maxPending = Math.max(maxPending, rows[0]?.n ?? 0);
      await sleep(1000);
    }
  })();

  return {
    async finish(): Promise<RelayLag> {
      sampling = false;
      await sampler;
      try {
        const pendingAtEnd = (await client.query<{ n: number }>(PENDING)).rows[0]?.n ?? 0;
        const stopped = performance.now();
        for (let waited = 0; waited < 60_000; waited += 200) {
          if (((await client.query<{ n: number }>(PENDING)).rows[0]?.n ?? 0) === 0) break;
          await sleep(200);
        }
        const drainSeconds = Math.round((performance.now() - stopped) / 100) / 10;
        const { rows } = await client.query<{
          events: number;
          p50: number | null;
          p99: number | null;
          max: number | null;
          event_p50: number | null;
          event_p99: number | null;
        }>(
          `SELECT count(*)::int AS events,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50,
                  percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) AS p99,
                  max(lag) AS max,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY event_lag) AS event_p50,
                  percentile_cont(0.99) WITHIN GROUP (ORDER BY event_lag) AS event_p99
             FROM (SELECT extract(epoch FROM published_at - recorded_at) * 1000 AS lag,
                          extract(epoch FROM published_at - occurred_at) * 1000 AS event_lag
                     FROM outbox WHERE recorded_at >= $1 AND published_at IS NOT NULL) AS lags`,
          [since],
        );
        const row = rows[0];
        const ms = (value: number | null | undefined): number | null =>
          value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;
        return {
          scenario,
          events: row?.events ?? 0,
          p50Ms: ms(row?.p50),
          p99Ms: ms(row?.p99),
          maxMs: ms(row?.max),
          fromEventP50Ms: ms(row?.event_p50),
          fromEventP99Ms: ms(row?.event_p99),
          maxPending,
          pendingAtEnd,
          drainSeconds,
        };
      } finally {
        await client.end();
      }
    },
  };
}

export function renderRelayTable(lags: RelayLag[]): string {
  const lines = [
    '| scenario | events | lag p50 ms | lag p99 ms | lag max ms | from event p50 / p99 ms | max pending | pending at end | drained in s |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const lag of lags) {
    lines.push(
      `| ${lag.scenario} | ${lag.events} | ${lag.p50Ms ?? '–'} | ${lag.p99Ms ?? '–'} | ${lag.maxMs ?? '–'} | ` +
        `${lag.fromEventP50Ms ?? '–'} / ${lag.fromEventP99Ms ?? '–'} | ` +
        `${lag.maxPending} | ${lag.pendingAtEnd} | ${lag.drainSeconds} |`,
    );
  }
  return lines.join('\n');
}
