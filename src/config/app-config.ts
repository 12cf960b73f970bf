import { parseDuration, parseIncreasingDurations } from './durations';
import { Environment } from './environment';

/** The development key used when JWT_SECRET is unset outside production. Never use it in production. */
export const DEVELOPMENT_JWT_SECRET = 'checkout-service-development-key-do-not-use-in-production';

/** Typed, read-only configuration derived once from the validated environment. */
export class AppConfig {
  readonly port: number;
  readonly production: boolean;
  readonly logLevel: string;
  readonly database:
    { kind: 'postgres'; url: string; poolSize: number } | { kind: 'embedded'; dataDir: string };
  readonly jwt: { secret: string; issuer: string; audience: string; usingDevelopmentKey: boolean };
  readonly natsUrl: string | undefined;
  readonly outbox: { batchSize: number; pollIntervalMs: number; retentionHours: number };
  readonly stream: { duplicateWindowSeconds: number; maxAgeHours: number; replicas: number };
  readonly abandonedCart: { windowSeconds: number; maxEmails: number };
  /** CheckoutAbandoned reminders: the delays after a checkout's last change, in milliseconds. */
  readonly reminderDelaysMs: readonly number[];
  /** A checkout not changed for this long is deleted with its personal data (CheckoutExpired). */
  readonly checkoutRetentionMs: number;
  readonly rateLimit: { windowSeconds: number; max: number; merchantMax: number };
  /** Where rate-limit budgets are shared across instances; undefined: per instance. */
  readonly redisUrl: string | undefined;
  /** Browser origins allowed by CORS; empty: CORS is off (no CORS headers at all). */
  readonly corsOrigins: readonly string[];
  /** The cookie that may carry the JWT (see src/shared/auth/credentials.ts); undefined: none. */
  readonly authCookieName: string | undefined;
  /** Demo checkouts and tokens at start-up (src/demo): never in tests or production unless asked. */
  readonly demoSeed: boolean;

  constructor(env: Environment) {
    this.port = env.PORT;
    this.production = env.NODE_ENV === 'production';
    this.logLevel = env.LOG_LEVEL;
    this.database = env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
      : { kind: 'embedded', dataDir: env.DATA_DIR };
    this.jwt = {
      secret: env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      usingDevelopmentKey: !env.JWT_SECRET,
    };
    this.natsUrl = env.NATS_URL;
    this.outbox = {
      batchSize: env.OUTBOX_BATCH_SIZE,
      pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
      retentionHours: env.OUTBOX_RETENTION_HOURS,
    };
    this.stream = {
      duplicateWindowSeconds: env.NATS_DUPLICATE_WINDOW_SECONDS,
      maxAgeHours: env.NATS_STREAM_MAX_AGE_HOURS,
      replicas: env.NATS_STREAM_REPLICAS,
    };
    this.abandonedCart = {
      windowSeconds: env.ABANDONED_CART_WINDOW_SECONDS,
      maxEmails: env.ABANDONED_CART_MAX_EMAILS,
    };
    this.reminderDelaysMs = parseIncreasingDurations(env.ABANDONED_CART_REMINDERS)!;
    this.checkoutRetentionMs = parseDuration(env.CHECKOUT_RETENTION)!;
    this.rateLimit = {
      windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
      max: env.RATE_LIMIT_MAX,
      merchantMax: env.RATE_LIMIT_MERCHANT_MAX,
    };
    this.redisUrl = env.REDIS_URL;
    this.corsOrigins = (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0);
    this.authCookieName = env.AUTH_COOKIE_NAME;
    this.demoSeed = env.DEMO_SEED
      ? env.DEMO_SEED === 'true'
      : this.database.kind === 'embedded' && env.NODE_ENV === 'development';
  }
}
