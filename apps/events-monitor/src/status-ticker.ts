import type { MonitorStatus, StatusReporter } from '@sysward/agent-runtime';
import type { MonitorCounters } from './counters';

/** What the ticker reads from the running monitor (EventsMonitor in production). */
export interface MonitorStatusSource {
  readonly counters: Pick<MonitorCounters, 'lastDeliveryError' | 'fileErrors'> & Partial<Pick<MonitorCounters, 'readError' | 'readerHold' | 'notices'>>;
  statusFigures(nowMs: number): MonitorStatus;
  saveTotals(): void;
}

export type ReporterPort = Pick<StatusReporter, 'update' | 'recordError'>;

/**
 * Turns the monitor's counters into status reports once a second (R-SUP-2).
 * Counters change per event, so reporting is polled rather than pushed, and a
 * report goes out only when something changed. A failing sink makes the state
 * recoverable_error until a delivery succeeds again (R-MON-6: reading goes on),
 * and so does a live channel that keeps failing to read (BUG-15) until a read
 * succeeds; a hold (paused for a Sysmon change, waiting for the installer) is
 * the reason of an ok state. An unreadable recording or a notice (a lost
 * checkpoint) is shown as the last error without changing the state.
 */
export class MonitorStatusTicker {
  private lastFigures = '';
  private problem: string | null = null;
  private hold = '';
  private fileErrorsSeen = 0;
  private noticesSeen = 0;
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
    const { lastDeliveryError, fileErrors, readError, readerHold, notices } = this.source.counters;
    const problem =
      readError != null
        ? `reading the channel is failing and being retried: ${readError}`
        : lastDeliveryError !== null
          ? `delivery is failing and being retried: ${lastDeliveryError}`
          : null;
    const hold = readerHold ?? '';
    if (problem !== this.problem) {
      this.problem = problem;
      this.hold = hold;
      if (problem !== null) this.reporter.recordError(new Error(problem));
      else this.reporter.update({ state: 'ok', stateReason: hold });
    } else if (problem === null && hold !== this.hold) {
      this.hold = hold;
      this.reporter.update({ stateReason: hold });
    }
    if (notices && notices.length > this.noticesSeen) {
      this.noticesSeen = notices.length;
      this.reporter.update({ lastError: notices[notices.length - 1], lastErrorAtMs: this.now() });
    }
    if (fileErrors.length > this.fileErrorsSeen) {
      const latest = fileErrors[fileErrors.length - 1];
      this.fileErrorsSeen = fileErrors.length;
      this.reporter.update({ lastError: `recording could not be read: ${latest.file}: ${latest.error}`, lastErrorAtMs: this.now() });
    }
  }
}
