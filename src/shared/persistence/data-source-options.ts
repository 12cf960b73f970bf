import { Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { CHECKOUT_ORM_ENTITIES } from '../../checkout/persistence/checkout.orm-entity';
import { OutboxOrmEntity } from './outbox.orm-entity';
import { IdempotencyKeyOrmEntity } from '../http/idempotency/idempotency-key.orm-entity';
import { MIGRATIONS } from '../../migrations';
import { embeddedPostgresDriver } from './embedded-postgres';

const logger = new Logger('Database');

/**
 * A pg client that never crashes the process when its connection dies. pg emits 'error' on a
 * client whose server connection ends (a restart, `pg_terminate_backend`) while no query is
 * running on it; the pool listens only while the client is idle, TypeORM only while a query runner
 * holds it, and an 'error' event with no listener is an uncaught exception that kills the service.
 * The failure still reaches whoever uses the client: its next query is refused (and answered 503),
 * and the pool discards it on release.
 */
export class DatabaseClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', (error: Error) => {
      logger.warn(`Database connection lost: ${error.message}`);
    });
  }
}

export const CONNECT_TIMEOUT_MS = 5000;
/** A request (or the outbox relay) must not wait forever on a stuck statement or transaction. */
export const SESSION_LIMITS = {
  statement_timeout: 10_000,
  idle_in_transaction_session_timeout: 30_000,
} as const;

/** One place that says how to reach the database, for the service and for the TypeORM CLI. */
export function dataSourceOptions(database: AppConfig['database']): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: [...CHECKOUT_ORM_ENTITIES, OutboxOrmEntity, IdempotencyKeyOrmEntity],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
  };
  if (database.kind === 'postgres') {
    return {
      ...common,
      url: database.url,
      applicationName: 'checkout-service',
      connectTimeoutMS: CONNECT_TIMEOUT_MS,
      extra: { max: database.poolSize, Client: DatabaseClient, ...SESSION_LIMITS },
    };
  }
  return { ...common, driver: embeddedPostgresDriver(database.dataDir) };
}
