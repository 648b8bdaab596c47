import type { MonitorStatus, StatusReporter } from '@sysward/agent-runtime';
import type { MonitorCounters } from './counters';

/** What the ticker reads from the running monitor (EventsMonitor in production). */
export interface MonitorStatusSource {
  readonly counters: Pick<MonitorCounters, 'lastDeliveryError' | 'fileErrors'>;
  statusFigures(nowMs: number): MonitorStatus;
  saveTotals(): void;
}

export type ReporterPort = Pick<StatusReporter, 'update' | 'recordError'>;

/**
 * Turns the monitor's counters into status reports once a second (R-SUP-2).
 * Counters change per event, so reporting is polled rather than pushed, and a
 * report goes out only when something changed. A failing sink makes the state
 * recoverable_error until a delivery succeeds again (R-MON-6: reading goes on);
 * an unreadable recording is shown as the last error without changing the state.
 */
export class MonitorStatusTicker {
  private lastFigures = '';
  private deliveryError: string | null = null;
  private fileErrorsSeen = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: MonitorStatusSource,
    private readonly reporter: ReporterPort,
    private readonly now: () => number = Date.now,
  ) {}

  start(everyMs = 1000): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), everyMs);
    this.timer.unref();
  }

  /** Stops ticking; call before the state moves to stopping (no error states after that). */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  tick(): void {
    this.publishFigures();
    this.publishHealth();
  }

  /** The counters alone: safe in any state, so also the last word while stopping. */
  publishFigures(): void {
    this.source.saveTotals();
    const figures = this.source.statusFigures(this.now());
    const text = JSON.stringify(figures);
    if (text !== this.lastFigures) {
      this.lastFigures = text;
      this.reporter.update({ monitor: figures });
    }
  }

  private publishHealth(): void {
    const { lastDeliveryError, fileErrors } = this.source.counters;
    if (lastDeliveryError !== this.deliveryError) {
      this.deliveryError = lastDeliveryError;
      if (lastDeliveryError !== null) this.reporter.recordError(new Error(`delivery is failing and being retried: ${lastDeliveryError}`));
      else this.reporter.update({ state: 'ok', stateReason: '' });
    }
    if (fileErrors.length > this.fileErrorsSeen) {
      const latest = fileErrors[fileErrors.length - 1];
      this.fileErrorsSeen = fileErrors.length;
      this.reporter.update({ lastError: `recording could not be read: ${latest.file}: ${latest.error}`, lastErrorAtMs: this.now() });
    }
  }
}
