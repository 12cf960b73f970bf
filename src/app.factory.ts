import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import {
  ProblemDetailsFilter,
  renderProblem,
  sendProblem,
} from './shared/http/problem-details.filter';
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
  // Errors raised by Fastify itself (body parsing, size, content type) never reach Nest's filters.
  fastify.setErrorHandler((error, request: FastifyRequest, reply) => {
    sendProblem(reply, renderProblem(error, request));
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    bufferLogs: true,
    abortOnError: false,
    // Fastify's own JSON parser only: Nest would add form-urlencoded, and we accept JSON alone.
    bodyParser: false,
  });
  app.setGlobalPrefix('api', { exclude: ['health/live', 'health/ready', 'metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  setupSwagger(app);
  return app;
}
