import type { StoreDialect } from './dialect/store-dialect.ts';

/** How often a serving instance looks for tables whose planner statistics are out of date. */
export const PLANNER_STATS_INTERVAL_MS = 30_000;

type ErrorSink = (message: string, error: unknown) => void;

/**
 * Keeps the database's planner statistics as fresh as the tables (PostgreSQL: see
 * refreshPostgresPlannerStats; SQLite's are fixed when it opens). `roster serve` starts it.
 *
 * @example const stats = new PlannerStats(store); stats.start(logError); … await stats.stop();
 */
export class PlannerStats {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: StoreDialect,
    private readonly intervalMs = PLANNER_STATS_INTERVAL_MS,
  ) {}

  /** Looks every `intervalMs` (the first time after one interval); errors go to `sink`. */
  start(sink: ErrorSink): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      this.running = this.runOnce().catch((error: unknown) => sink('could not refresh the planner statistics', error));
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops looking and waits for a refresh under way. Safe to call twice. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Refreshes now; resolves with the tables whose statistics were refreshed. */
  runOnce(): Promise<readonly string[]> {
    return this.store.refreshPlannerStats();
  }
}
