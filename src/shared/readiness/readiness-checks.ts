import { Global, Injectable, Module } from '@nestjs/common';

export type ReadinessCheck = () => Promise<void>;

/**
 * What `/health/ready` asks before it says "ready". Modules register the dependencies they need
 * (the database always, the broker where configured); a check rejects when its dependency is down.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks.entries()];
  }
}

@Global()
@Module({ providers: [ReadinessChecks], exports: [ReadinessChecks] })
export class ReadinessModule {}
