import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  isURL,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
} from 'class-validator';
import { parseDuration, parseIncreasingDurations } from './durations';

/**
 * Every environment variable the service reads, validated once at boot.
 * A bad value stops the process with a list that names each offending variable.
 */
export class Environment {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  /**
   * Request connections per instance. Each command holds one only for a statement (no transaction
   * across round trips), so a few keep the database busy; more only add backends competing for
   * the server's cores (docs/performance.md compares pool sizes).
   */
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 5;

  /** Where the embedded PostgreSQL keeps its files when DATABASE_URL is unset. */
  @IsString()
  @MinLength(1)
  DATA_DIR = './.data';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (256 bits) for HS256' })
  JWT_SECRET?: string;

  @IsString()
  @MinLength(1)
  JWT_ISSUER = 'checkout-service';

  @IsString()
  @MinLength(1)
  JWT_AUDIENCE = 'checkout-api';

  /** One NATS server, or the servers of a cluster separated by commas: the client fails over among them. */
  @IsOptional()
  @ValidateBy({
    name: 'natsUrls',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        natsServers(value).every((url) =>
          isURL(url, {
            protocols: ['nats', 'tls', 'ws', 'wss'],
            require_tld: false,
            require_protocol: true,
          }),
        ),
      defaultMessage: () =>
        'NATS_URL must be a nats://, tls://, ws:// or wss:// URL, or several separated by commas',
    },
  })
  NATS_URL?: string;

  /**
   * Outbox relay (only with NATS_URL): batch size, safety-net poll. How long published rows are
   * kept (every instance drops the outbox's expired day partitions).
   */
  @IsInt()
  @Min(1)
  @Max(1000)
  OUTBOX_BATCH_SIZE = 100;

  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_INTERVAL_MS = 1000;

  @IsInt()
  @Min(1)
  OUTBOX_RETENTION_HOURS = 168;

  /** The CHECKOUT stream, when the relay creates it: de-duplication window and message max age. */
  @IsInt()
  @Min(60)
  @Max(86_400)
  NATS_DUPLICATE_WINDOW_SECONDS = 3600;

  @IsInt()
  @Min(1)
  NATS_STREAM_MAX_AGE_HOURS = 168;

  /**
   * Copies of the CHECKOUT stream in a JetStream cluster: 3 on three nodes keeps every acknowledged
   * event and accepts publishes while any one node is down. At most the cluster's size; JetStream
   * allows 5.
   */
  @IsInt()
  @Min(1)
  @Max(5)
  NATS_STREAM_REPLICAS = 1;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Seed demo checkouts and print ready tokens at start-up; unset: on with the embedded database. */
  @IsOptional()
  @IsIn(['true', 'false'])
  DEMO_SEED?: 'true' | 'false';

  /** Abandoned-cart announcement limits (docs/events.md). */
  @IsInt()
  @Min(1)
  ABANDONED_CART_WINDOW_SECONDS = 600;

  @IsInt()
  @Min(1)
  @Max(100)
  ABANDONED_CART_MAX_EMAILS = 3;

  /**
   * The delays of inactivity after which CheckoutAbandoned reminders go out (docs/events.md): a
   * comma-separated, increasing list of durations with a unit, `30s`, `15m`, `1h`, `2d`.
   */
  @ValidateBy({
    name: 'increasingDurations',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && parseIncreasingDurations(value) !== undefined,
      defaultMessage: () =>
        'ABANDONED_CART_REMINDERS must be increasing durations with a unit, such as 1h,24h,48h',
    },
  })
  ABANDONED_CART_REMINDERS = '1h';

  /**
   * A checkout not changed for this long is deleted with all its personal data, and
   * CheckoutExpired is emitted (docs/storage.md): a duration with a unit, `90d`, `12h`, `30s`.
   */
  @ValidateBy({
    name: 'duration',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseDuration(value) !== undefined,
      defaultMessage: () => 'CHECKOUT_RETENTION must be a duration with a unit, such as 90d or 12h',
    },
  })
  CHECKOUT_RETENTION = '90d';

  /**
   * Rate limit (docs/security.md): requests per window per token subject (shoppers) or per
   * IP (requests without a valid token); merchants, one backend serving a whole channel, get more.
   */
  @IsInt()
  @Min(1)
  @Max(3600)
  RATE_LIMIT_WINDOW_SECONDS = 10;

  @IsInt()
  @Min(1)
  RATE_LIMIT_MAX = 100;

  @IsInt()
  @Min(1)
  RATE_LIMIT_MERCHANT_MAX = 20_000;

  /**
   * Where the instances share their rate-limit budgets; unset: each instance counts its own (N
   * instances then allow N times the limit).
   */
  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true })
  REDIS_URL?: string;

  /**
   * A cookie that may carry the same JWT as the bearer header, for browser clients that cannot set
   * headers (BigCommerce's checkout SDK); unset: bearer header only.
   */
  @IsOptional()
  @Matches(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/, {
    message: "must be a cookie name (letters, digits and !#$%&'*+-.^_`|~, at most 64)",
  })
  AUTH_COOKIE_NAME?: string;

  /** Comma-separated browser origins allowed by CORS; empty: no CORS headers at all. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,/]+(,\s*https?:\/\/[^\s,/]+)*$/, {
    message: 'must be a comma-separated list of origins such as https://shop.example.com',
  })
  CORS_ORIGINS?: string;
}

/** The servers NATS_URL names: one URL, or a cluster's, comma-separated. */
export function natsServers(natsUrl: string): string[] {
  return natsUrl.split(',').map((url) => url.trim());
}

export const ENVIRONMENT_VARIABLES: readonly string[] = [
  'NODE_ENV',
  'PORT',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'DATA_DIR',
  'JWT_SECRET',
  'JWT_ISSUER',
  'JWT_AUDIENCE',
  'NATS_URL',
  'OUTBOX_BATCH_SIZE',
  'OUTBOX_POLL_INTERVAL_MS',
  'OUTBOX_RETENTION_HOURS',
  'NATS_DUPLICATE_WINDOW_SECONDS',
  'NATS_STREAM_MAX_AGE_HOURS',
  'NATS_STREAM_REPLICAS',
  'LOG_LEVEL',
  'DEMO_SEED',
  'ABANDONED_CART_WINDOW_SECONDS',
  'ABANDONED_CART_MAX_EMAILS',
  'ABANDONED_CART_REMINDERS',
  'CHECKOUT_RETENTION',
  'RATE_LIMIT_WINDOW_SECONDS',
  'RATE_LIMIT_MAX',
  'RATE_LIMIT_MERCHANT_MAX',
  'REDIS_URL',
  'CORS_ORIGINS',
  'AUTH_COOKIE_NAME',
];

const NUMERIC: ReadonlySet<string> = new Set([
  'PORT',
  'DATABASE_POOL_SIZE',
  'ABANDONED_CART_WINDOW_SECONDS',
  'ABANDONED_CART_MAX_EMAILS',
  'RATE_LIMIT_WINDOW_SECONDS',
  'RATE_LIMIT_MAX',
  'RATE_LIMIT_MERCHANT_MAX',
  'OUTBOX_BATCH_SIZE',
  'OUTBOX_POLL_INTERVAL_MS',
  'OUTBOX_RETENTION_HOURS',
  'NATS_DUPLICATE_WINDOW_SECONDS',
  'NATS_STREAM_MAX_AGE_HOURS',
  'NATS_STREAM_REPLICAS',
]);

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Reads and validates the environment; throws InvalidEnvironmentError listing every problem. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const picked: Record<string, unknown> = {};
  for (const key of ENVIRONMENT_VARIABLES) {
    const value = raw[key];
    if (value === undefined || value === '') continue;
    // Numbers are parsed strictly: "3000abc" must fail, not become 3000.
    picked[key] =
      NUMERIC.has(key) && typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  }
  const env = plainToInstance(Environment, picked);
  const problems = validateSync(env).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property} ${message}`,
    ),
  );
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    problems.push('JWT_SECRET is required when NODE_ENV=production');
  }
  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  return env;
}
