import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CheckoutModule } from '../checkout/checkout.module';
import { CheckoutRepository } from '../checkout/domain/checkout.repository';
import { AppConfig } from '../config/app-config';
import { demoBanner } from './demo-banner';
import { DEMO } from './demo-checkouts';
import { DemoSeeder } from './demo-seeder';

/**
 * Demo mode (DEMO_SEED; on by default with the embedded database): seeds the demo checkouts at
 * start-up and, once the server listens, prints ready tokens and the Swagger UI link.
 */
@Module({
  imports: [CheckoutModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly seeder: DemoSeeder,
    private readonly checkouts: CheckoutRepository,
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoSeed) return;
    const created = await this.seeder.seed();
    this.logger.log(
      created.length > 0
        ? `Seeded ${created.length} demo checkouts: ${created.join(', ')}`
        : 'Demo checkouts already present',
    );
    if (this.config.logLevel === 'silent') return;
    // Printed after listen (not at bootstrap), so the link names the port actually bound.
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      void this.checkouts.currentVersion(DEMO.checkoutId).then(
        (version) =>
          setImmediate(() =>
            process.stdout.write(demoBanner(this.config, `http://localhost:${port}`, version)),
          ),
        (error: unknown) => this.logger.warn(`Demo banner not printed: ${String(error)}`),
      );
    });
  }
}
