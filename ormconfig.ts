import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AppConfig } from './src/config/app-config';
import { validateEnvironment } from './src/config/environment';
import { dataSourceOptions } from './src/shared/persistence/data-source-options';

/**
 * The data source for the TypeORM CLI (`npm run migration:generate|run|revert`).
 * It reads the same environment as the service: DATABASE_URL, or the embedded database in DATA_DIR.
 */
export default new DataSource(
  dataSourceOptions(new AppConfig(validateEnvironment(process.env)).database),
);
