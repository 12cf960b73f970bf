import { Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';
import { DataSourceOptions, EntitySchema } from 'typeorm';
import { AppConfig } from '../../config/app-config';
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

/**
 * One place that says how to reach the database, for the service and for the TypeORM CLI.
 * The service passes no entities: it writes and reads with SQL of its own (docs/adr), so the ORM
 * entities matter only to `npm run migration:generate`, whose data source (ormconfig.ts) lists them.
 */
export function dataSourceOptions(
  database: AppConfig['database'],
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type
  entities: (Function | EntitySchema)[] = [],
): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities,
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
