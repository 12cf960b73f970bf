/**
 * What a deployment of the service must agree with, read from the service's own source so that
 * the deployment tests never restate a number.
 */
import { DEFAULT_TIMEOUTS } from '../../src/shared/http/http-timeouts';
import {
  ENVIRONMENT_VARIABLES,
  InvalidEnvironmentError,
  validateEnvironment,
} from '../../src/config/environment';
import { SESSION_LIMITS } from '../../src/shared/persistence/data-source-options';

/**
 * The longest a request already accepted at SIGTERM may still run: its whole request may take the
 * HTTP request timeout to arrive, its database work then ends at PostgreSQL's statement_timeout.
 */
export const DRAIN_SECONDS =
  (DEFAULT_TIMEOUTS.requestTimeoutMs + SESSION_LIMITS.statement_timeout) / 1000;

/** Variables the service does not read, and the problems its start-up validation finds. */
export function settingsProblems(settings: Record<string, string>): string[] {
  const unknown = Object.keys(settings)
    .filter((key) => !ENVIRONMENT_VARIABLES.includes(key))
    .map((key) => `${key} is not a setting of the service`);
  try {
    validateEnvironment(settings);
    return unknown;
  } catch (error) {
    if (!(error instanceof InvalidEnvironmentError)) throw error;
    return [...unknown, ...error.problems];
  }
}

export { natsServers } from '../../src/config/environment';

/** Seconds in a duration such as `45s` or `1m30s`, as Docker Compose writes them. */
export function seconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+)(h|m|s)/g)];
  if (parts.map(([part]) => part).join('') !== duration)
    throw new Error(`not a duration: ${duration}`);
  const unit = { h: 3600, m: 60, s: 1 } as const;
  return parts.reduce((sum, [, count, u]) => sum + Number(count) * unit[u as keyof typeof unit], 0);
}
