import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { ReminderMetrics } from '../checkout/reminders/reminder-metrics';
import { RetentionMetrics } from '../checkout/retention/retention-metrics';
import { OutboxRelayMetrics } from '../events/outbox-relay.metrics';
import { RateLimitMetrics } from '../shared/http/rate-limit/rate-limit.metrics';

type Label = 'method' | 'route' | 'status_code';

/** Requests that matched no route share one label, so a scanner cannot blow up the series count. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The Prometheus metrics of one application instance. The registry is per instance, not
 * prom-client's global one: several apps in one process (the e2e tests) would otherwise clash.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  readonly registry = new Registry();
  private readonly duration: Histogram<Label>;
  /** Label children by "method route status": skips prom-client's label hashing on the hot path. */
  private readonly series = new Map<string, Histogram.Internal<Label>>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    outbox: OutboxRelayMetrics,
    rateLimit: RateLimitMetrics,
    reminders: ReminderMetrics,
    retention: RetentionMetrics,
  ) {
    collectDefaultMetrics({ register: this.registry });
    outbox.registerWith(this.registry);
    rateLimit.registerWith(this.registry);
    reminders.registerWith(this.registry);
    retention.registerWith(this.registry);
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to sending its response, by route pattern.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Fastify composes route hooks when it gets ready, so this covers every route, 404s included.
    fastify.addHook('onResponse', (request, reply, done) => {
      this.observe(request, reply);
      done();
    });
  }

  private observe(request: FastifyRequest, reply: FastifyReply): void {
    // The pattern (`/api/storefront/checkouts/:checkoutId`), never the URL: one series per route.
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const key = `${request.method} ${route} ${reply.statusCode}`;
    let series = this.series.get(key);
    if (!series) {
      series = this.duration.labels({
        method: request.method,
        route,
        status_code: String(reply.statusCode),
      });
      this.series.set(key, series);
    }
    series.observe(reply.elapsedTime / 1000);
  }
}
