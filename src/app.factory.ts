import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ProblemDetailsFilter } from './shared/http/problem-details.filter';
import { setupSwagger } from './shared/http/swagger';
import { createValidationPipe } from './shared/http/validation';

export const BODY_LIMIT_BYTES = 64 * 1024;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Builds the whole HTTP application (not listening yet): used by main.ts and by the e2e tests. */
export async function createApp(): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // Reuse a caller's request id when it is sane, so one id follows a request across services.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    requestTimeout: 30_000,
    connectionTimeout: 10_000,
    return503OnClosing: true,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  const fastify = adapter.getInstance();
  // JSON only: anything else is a 415, not a string handed to validation.
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    // Nothing reaches the console before the JSON logger is in place; a failed start-up is
    // reported once, by main.ts, instead of by Nest's pretty-printer.
    bufferLogs: true,
    autoFlushLogs: false,
    abortOnError: false,
    // Fastify's own JSON parser only: Nest would add form-urlencoded, and we accept JSON alone.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.setGlobalPrefix('api', {
    exclude: ['health/live', 'health/ready', 'metrics', 'docs/events'],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  // On SIGTERM: refuse new requests, finish in-flight ones, close the database, then exit 0.
  // Without useProcessExit, Nest re-raises the signal and the process dies "killed by SIGTERM".
  app.enableShutdownHooks([], { useProcessExit: true });
  setupSwagger(app);
  return app;
}
