import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { ReadinessChecks } from '../readiness/readiness-checks';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './migrator';
import { Transactions, StatementRunner } from './statement-runner';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database),
        // Fail start-up fast instead of retrying for minutes against a database that is not there.
        retryAttempts: 0,
      }),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        const embedded = !('url' in options! && options.url);
        const applied = await runMigrations(dataSource, embedded);
        if (applied.length > 0) new Logger('Migrations').log(`Applied ${applied.join(', ')}`);
        return dataSource;
      },
    }),
  ],
  providers: [StatementRunner, { provide: Transactions, useExisting: StatementRunner }],
  exports: [StatementRunner, Transactions],
})
export class PersistenceModule {
  /**
   * Readiness: `SELECT 1` on the request pool. Registered in the constructor, so it comes before
   * the checks other modules register at init. Not terminus's TypeOrmHealthIndicator: that one
   * imports `@nestjs/typeorm` by a computed name at run time, which the bundled server cannot
   * resolve to its own copy (see scripts/bundle.ts).
   */
  constructor(readiness: ReadinessChecks, dataSource: DataSource) {
    readiness.register('database', async () => {
      await dataSource.query('SELECT 1');
    });
  }
}
