/**
 * Work done every so often in each instance (pruning, sweeping, sending what fell due). Rounds run
 * one at a time: a slow round is not overtaken by the next tick, and `run` joins the round under
 * way instead of starting a second. A failed round is reported and the next tick tries again.
 */
export class PeriodicTask<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;

  constructor(
    private readonly round: () => Promise<T>,
    private readonly failed: (error: Error) => void,
  ) {}

  /**
   * A round every `everyMs` from now on (and one at once with `runNow`); the timer never keeps
   * the process alive.
   */
  start(everyMs: number, runNow = false): void {
    const tick = (): void => void this.run().catch(this.failed);
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
    if (runNow) tick();
  }

  /** A round now, or the one under way. */
  run(): Promise<T> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  /** No more ticks; resolves once the round under way, if any, has ended. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
