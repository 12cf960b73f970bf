import { spawnSync } from 'node:child_process';
import { createServer, Server } from 'node:net';

/** The Redis the tests may use; CI starts one there (see .ci/run). */
export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether a Redis answers PING at `url`. Asked synchronously (from a child process) so that a suite
 * can be skipped when the file loads, and show as skipped rather than as passed.
 */
function redisAnswers(url: string): boolean {
  const { hostname, port } = new URL(url);
  const probe = `
    const socket = require('node:net').connect(${Number(port || 6379)}, ${JSON.stringify(hostname.replace(/^\[|\]$/g, ''))});
    socket.setTimeout(1000, () => process.exit(1));
    socket.on('error', () => process.exit(1));
    socket.on('connect', () => socket.write('PING\\r\\n'));
    socket.on('data', (data) => process.exit(String(data).startsWith('+PONG') ? 0 : 1));`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 3000 }).status === 0;
}

/** `describe` when the test Redis answers; otherwise a skipped block, and a warning that says why. */
export const describeWithRedis: (name: string, fn: () => void) => void = redisAnswers(
  REDIS_TEST_URL,
)
  ? describe
  : (name, fn) => {
      console.warn(
        `No Redis answers at ${REDIS_TEST_URL}: skipping "${name}". Start one (redis-server --port 6379) or set REDIS_TEST_URL.`,
      );
      describe.skip(`${name} [skipped: no Redis at ${REDIS_TEST_URL}]`, fn);
    };

/** A redis:// URL of a port where nothing listens: a Redis that is down. */
export async function closedRedisUrl(): Promise<string> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `redis://127.0.0.1:${port}`;
}
