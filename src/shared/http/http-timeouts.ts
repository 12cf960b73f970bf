/**
 * How long a client may take, so slow clients (slowloris) cannot hold sockets: the request line
 * and headers within `headersTimeoutMs`, the whole request within `requestTimeoutMs`, and no
 * socket idle longer than `idleTimeoutMs`. Node checks the first two every `checkIntervalMs`.
 */
export interface HttpTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  checkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 10_000,
  checkIntervalMs: 1_000,
};
