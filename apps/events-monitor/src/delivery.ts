import type { MonitorStore } from '@sysward/state-store';
import type { Sink } from './sinks/sink';
import type { MonitorCounters } from './counters';
import { sleep } from './sleep';

export interface DeliveryOptions {
  store: MonitorStore;
  sink: Sink;
  counters: MonitorCounters;
  /** Items per sink call: the bounded in-flight window (R-MON-5). */
  batchSize: number;
  /** Delay before retry number `attempt` (1-based) after a failed delivery. */
  retryDelayMs: (attempt: number) => number;
  now: () => number;
  onError: (error: unknown, attempt: number) => void;
}

/**
 * Outbox -> sink. Items leave the outbox only after the sink confirmed them
 * (at-least-once, R-MON-5); a failing sink is retried with backoff and never
 * blocks reading or checkpointing (R-MON-6).
 */
export class DeliveryLoop {
  private wake: (() => void) | null = null;
  private pending = false;

  constructor(private readonly options: DeliveryOptions) {}

  /** Called after a commit: there may be something to deliver. */
  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  /** Delivers until aborted; with `untilDrained`, returns once the outbox is empty and `isInputDone()` says no more will come. */
  async run(signal: AbortSignal, untilDrained?: { isInputDone: () => boolean }): Promise<void> {
    const { store, sink, counters } = this.options;
    let attempt = 0;
    while (!signal.aborted) {
      const inputDone = untilDrained?.isInputDone() ?? false;
      const items = store.readOutbox(0, this.options.batchSize);
      if (items.length === 0) {
        if (inputDone) return;
        await this.idle(signal);
        continue;
      }
      try {
        await sink.deliver(items);
      } catch (error) {
        attempt += 1;
        counters.lastDeliveryError = error instanceof Error ? error.message : String(error);
        this.options.onError(error, attempt);
        await sleep(this.options.retryDelayMs(attempt), signal);
        continue;
      }
      attempt = 0;
      counters.lastDeliveryError = null;
      store.trimThrough(items[items.length - 1].seq);
      counters.delivered += items.length;
      counters.lastDeliveryAtMs = this.options.now();
    }
  }

  private idle(signal: AbortSignal): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = null;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, 500);
      this.wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
