import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { CHECKOUT_ORM_ENTITIES } from '../../checkout/persistence/checkout.orm-entity';
import { OutboxOrmEntity } from './outbox.orm-entity';
import { IdempotencyKeyOrmEntity } from '../http/idempotency/idempotency-key.orm-entity';
import { MIGRATIONS } from '../../migrations';
import { DatabaseClient } from './database-client';
import { embeddedPostgresDriver } from './embedded-postgres';

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
      connectTimeoutMS: 5000,
      extra: {
        max: database.poolSize,
        Client: DatabaseClient,
        // A request must not wait forever for a pool slot or a stuck statement.
        statement_timeout: 10_000,
        idle_in_transaction_session_timeout: 30_000,
      },
    };
  }
  return { ...common, driver: embeddedPostgresDriver(database.dataDir) };
}
