import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AppConfig } from './src/config/app-config';
import { validateEnvironment } from './src/config/environment';
import { CHECKOUT_ORM_ENTITIES } from './src/checkout/persistence/checkout.orm-entity';
import { IdempotencyKeyOrmEntity } from './src/shared/http/idempotency/idempotency-key.orm-entity';
import { dataSourceOptions } from './src/shared/persistence/data-source-options';
import { OutboxOrmEntity } from './src/shared/persistence/outbox.orm-entity';

/**
 * The data source for the TypeORM CLI (`npm run migration:generate|run|revert`).
 * It reads the same environment as the service: DATABASE_URL, or the embedded database in DATA_DIR.
 * The entities describe the schema for `migration:generate`; the service itself does not load them.
 */
export default new DataSource(
  dataSourceOptions(new AppConfig(validateEnvironment(process.env)).database, [
    ...CHECKOUT_ORM_ENTITIES,
    OutboxOrmEntity,
    IdempotencyKeyOrmEntity,
  ]),
);
