import { Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';

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
