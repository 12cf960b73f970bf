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
  readonly abandonedCart: { windowSeconds: number; maxEmails: number };

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
    this.abandonedCart = {
      windowSeconds: env.ABANDONED_CART_WINDOW_SECONDS,
      maxEmails: env.ABANDONED_CART_MAX_EMAILS,
    };
  }
}
