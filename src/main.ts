import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { AppConfig } from './config/app-config';
import { InvalidEnvironmentError } from './config/environment';

async function main(): Promise<void> {
  const app = await createApp();
  const config = app.get(AppConfig);
  const logger = new Logger('Checkout');
  if (config.jwt.usingDevelopmentKey) {
    logger.warn('JWT_SECRET is not set: using the DEVELOPMENT key. Never do this in production.');
  }
  await app.listen({ port: config.port, host: '0.0.0.0' });
  const url = `http://localhost:${config.port}`;
  logger.log(
    `Listening on ${url} (database: ${config.database.kind}); Swagger UI: ${url}/docs; ` +
      `health: ${url}/health/live, ${url}/health/ready`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof InvalidEnvironmentError) {
    console.error(error.message);
  } else {
    console.error('Start-up failed:', error);
  }
  process.exit(1);
});
