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
import { DataSource } from 'typeorm';
import { ReadinessChecks } from '../shared/readiness/readiness-checks';

/** How long one dependency may take to answer before the instance counts as not ready. */
const CHECK_TIMEOUT_MS = 2000;

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
    private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessChecks,
  ) {}

  /** The process is up and serving HTTP; says nothing about its dependencies. */
  @Get('live')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Ready for traffic: the database and every registered dependency (e.g. the broker) answer. */
  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      ...[['database', () => this.ping()] as const, ...this.readiness.entries()].map(
        ([name, check]) =>
          () =>
            this.indicators
              .check(name)
              .attempt(() => check())
              .withTimeout(CHECK_TIMEOUT_MS),
      ),
    ]);
  }

  /**
   * `SELECT 1` on the request pool. Not terminus's TypeOrmHealthIndicator: that one imports
   * `@nestjs/typeorm` by a computed name at run time, which the bundled server cannot resolve to
   * its own copy (see `npm run build`).
   */
  private async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
