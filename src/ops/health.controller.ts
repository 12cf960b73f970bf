import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  ServiceUnavailableException,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { ReadinessChecks } from '../shared/readiness/readiness-checks';

/** How long one dependency may take to answer before the instance counts as not ready. */
export const CHECK_TIMEOUT_MS = 2000;

/**
 * Terminus reports "not ready" by throwing a 503 that carries its result. The global filter would
 * turn that into a 500 problem; load balancers and operators expect terminus's own body and a 503.
 */
@Catch(ServiceUnavailableException)
class HealthCheckFailedFilter implements ExceptionFilter {
  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(503)
      .header('cache-control', 'no-cache, no-store, must-revalidate')
      .send(exception.getResponse());
  }
}

@ApiExcludeController()
@UseFilters(HealthCheckFailedFilter)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessChecks,
  ) {}

  /** The process is up and serving HTTP; says nothing about its dependencies. */
  @Get('live')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * Ready for traffic: every registered dependency answers (the database always, registered by
   * PersistenceModule; the broker where configured).
   */
  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      ...this.readiness.entries().map(
        ([name, check]) =>
          () =>
            this.indicators
              .check(name)
              .attempt(() => check())
              .withTimeout(CHECK_TIMEOUT_MS),
      ),
    ]);
  }
}
