import { AppConfig, DEVELOPMENT_JWT_SECRET } from './app-config';
import { InvalidEnvironmentError, validateEnvironment } from './environment';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    validateEnvironment(env);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
  return [];
};

describe('environment', () => {
  it('defaults to the embedded database, port 3000 and the development key', () => {
    const config = new AppConfig(validateEnvironment({}));
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'embedded', dataDir: './.data' });
    expect(config.jwt).toEqual({
      secret: DEVELOPMENT_JWT_SECRET,
      issuer: 'checkout-service',
      audience: 'checkout-api',
      usingDevelopmentKey: true,
    });
    expect(config.natsUrl).toBeUndefined();
    expect(config.abandonedCart).toEqual({ windowSeconds: 600, maxEmails: 3 });
  });

  it('reads every variable of the contract', () => {
    const config = new AppConfig(
      validateEnvironment({
        PORT: '8080',
        DATABASE_URL: 'postgres://app@db:5432/checkout',
        DATABASE_POOL_SIZE: '20',
        JWT_SECRET: 's'.repeat(32),
        JWT_ISSUER: 'issuer',
        JWT_AUDIENCE: 'audience',
        NATS_URL: 'nats://nats:4222',
      }),
    );
    expect(config.port).toBe(8080);
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://app@db:5432/checkout',
      poolSize: 20,
    });
    expect(config.jwt).toMatchObject({
      issuer: 'issuer',
      audience: 'audience',
      usingDevelopmentKey: false,
    });
    expect(config.natsUrl).toBe('nats://nats:4222');
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({
      PORT: '30x',
      DATABASE_URL: 'mysql://x',
      JWT_SECRET: 'short',
      NATS_URL: 'http://x',
    });
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/JWT_SECRET/);
    expect(problems.join('\n')).toMatch(/NATS_URL/);
  });

  it('refuses production without JWT_SECRET', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'JWT_SECRET is required when NODE_ENV=production',
    ]);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(32) })).toEqual([]);
  });

  it('seeds demo data by default only on the embedded database in development', () => {
    const demoSeed = (env: Record<string, string>): boolean =>
      new AppConfig(validateEnvironment(env)).demoSeed;
    expect(demoSeed({})).toBe(true);
    expect(demoSeed({ DATABASE_URL: 'postgres://app@db:5432/checkout' })).toBe(false);
    expect(demoSeed({ NODE_ENV: 'test' })).toBe(false);
    expect(demoSeed({ NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(32) })).toBe(false);
    expect(demoSeed({ DEMO_SEED: 'false' })).toBe(false);
    expect(demoSeed({ DEMO_SEED: 'true', NODE_ENV: 'test' })).toBe(true);
    expect(demoSeed({ DEMO_SEED: 'true', DATABASE_URL: 'postgres://app@db:5432/checkout' })).toBe(
      true,
    );
    expect(problemsOf({ DEMO_SEED: 'yes' }).join('\n')).toMatch(/DEMO_SEED/);
  });

  it('treats empty values as unset', () => {
    expect(new AppConfig(validateEnvironment({ DATABASE_URL: '', PORT: '' })).database.kind).toBe(
      'embedded',
    );
  });

  it('reads the rate limit and CORS origins; CORS is off by default', () => {
    expect(new AppConfig(validateEnvironment({})).rateLimit).toEqual({
      windowSeconds: 10,
      max: 100,
      merchantMax: 20_000,
    });
    expect(new AppConfig(validateEnvironment({})).corsOrigins).toEqual([]);
    const config = new AppConfig(
      validateEnvironment({
        RATE_LIMIT_WINDOW_SECONDS: '60',
        RATE_LIMIT_MAX: '30',
        RATE_LIMIT_MERCHANT_MAX: '5000',
        CORS_ORIGINS: 'https://shop.example.com, http://localhost:5173',
      }),
    );
    expect(config.rateLimit).toEqual({ windowSeconds: 60, max: 30, merchantMax: 5000 });
    expect(config.corsOrigins).toEqual(['https://shop.example.com', 'http://localhost:5173']);
    const problems = problemsOf({
      RATE_LIMIT_MAX: '0',
      RATE_LIMIT_WINDOW_SECONDS: '10s',
      CORS_ORIGINS: '*',
    }).join('\n');
    expect(problems).toMatch(/RATE_LIMIT_MAX/);
    expect(problems).toMatch(/RATE_LIMIT_WINDOW_SECONDS/);
    expect(problems).toMatch(/CORS_ORIGINS/);
  });

  it('shares rate limits through Redis only with a redis:// or rediss:// REDIS_URL', () => {
    const redisUrl = (env: Record<string, string>) =>
      new AppConfig(validateEnvironment(env)).redisUrl;
    expect(redisUrl({})).toBeUndefined();
    expect(redisUrl({ REDIS_URL: '' })).toBeUndefined();
    expect(redisUrl({ REDIS_URL: 'redis://127.0.0.1:6379' })).toBe('redis://127.0.0.1:6379');
    expect(redisUrl({ REDIS_URL: 'rediss://app:secret@cache.example.com:6380/2' })).toBe(
      'rediss://app:secret@cache.example.com:6380/2',
    );
    for (const bad of ['http://cache:6379', 'redis:/cache', 'cache:6379', 'redis://']) {
      expect(problemsOf({ REDIS_URL: bad }).join('\n')).toMatch(/REDIS_URL/);
    }
  });

  it('takes a NATS cluster as a list of servers, and 1 to 5 stream replicas (default 1)', () => {
    const config = (env: Record<string, string>) => new AppConfig(validateEnvironment(env));
    expect(config({}).stream).toEqual({
      duplicateWindowSeconds: 3600,
      maxAgeHours: 168,
      replicas: 1,
    });
    expect(config({ NATS_STREAM_REPLICAS: '3' }).stream.replicas).toBe(3);
    for (const bad of ['0', '6', '3x']) {
      expect(problemsOf({ NATS_STREAM_REPLICAS: bad }).join('\n')).toMatch(/NATS_STREAM_REPLICAS/);
    }
    const cluster = 'nats://nats-1:4222, nats://nats-2:4222,tls://nats-3:4222';
    expect(config({ NATS_URL: cluster }).natsUrl).toBe(cluster);
    for (const bad of [
      'nats://nats-1:4222,http://nats-2:4222',
      'nats://nats-1:4222,',
      'nats-1:4222',
    ]) {
      expect(problemsOf({ NATS_URL: bad }).join('\n')).toMatch(/NATS_URL/);
    }
  });
});
