/**
 * The loop of a test-only controller double: one reconcile pass, then the next one `periodMs` after it ended
 * (level-triggered, like a controller's resync), until stopped; a failed pass is reported and the loop goes on.
 */
export class ReconcileLoop {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;

  constructor(
    private readonly reconcile: () => Promise<void>,
    private readonly periodMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    const tick = () => {
      this.pass = this.reconcile()
        .catch(this.onError)
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, this.periodMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Resolves once no pass runs any more. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.pass;
  }
}
