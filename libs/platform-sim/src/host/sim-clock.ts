/**
 * The host's clock: real time plus an offset that tests and `sim clock
 * advance` move forward (soak periods of 30 days, R-INS-7), or a frozen instant
 * for tests that compare exact timestamps. Kept in the host file so every
 * process attached to the host agrees on the time.
 */
import { PlatformError, type ClockPort } from '@sysward/platform';
import type { SimStore } from '../db/sim-store';

export class SimClock implements ClockPort {
  constructor(
    private readonly store: SimStore,
    private readonly realNow: () => number = Date.now,
  ) {}

  now(): number {
    const frozen = this.store.getMeta('clock.frozen_ms');
    if (frozen !== null) return Number(frozen);
    return this.realNow() + this.store.getNumber('clock.offset_ms', 0);
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new PlatformError('INVALID_ARGUMENT', `the clock only moves forward: got ${ms} ms`);
    // A time past what a Date can hold would be stored and then break every later read of the host.
    if (!Number.isFinite(new Date(this.now() + ms).getTime())) {
      throw new PlatformError('INVALID_ARGUMENT', `advancing by ${ms} ms would move the clock past the year 275760, the last time a clock can show`);
    }
    return this.store.write(() => {
      const frozen = this.store.getMeta('clock.frozen_ms');
      if (frozen !== null) this.store.setMeta('clock.frozen_ms', String(Number(frozen) + ms));
      else this.store.setMeta('clock.offset_ms', String(this.store.getNumber('clock.offset_ms', 0) + ms));
      return this.now();
    });
  }

  /** Stops the clock at its current reading (null: let it run again from there). */
  freeze(at: number | null = this.now()): void {
    this.store.write(() => {
      if (at === null) {
        const frozen = this.store.getMeta('clock.frozen_ms');
        if (frozen !== null) this.store.setMeta('clock.offset_ms', String(Number(frozen) - this.realNow()));
        this.store.db.prepare("DELETE FROM meta WHERE key = 'clock.frozen_ms'").run();
      } else {
        this.store.setMeta('clock.frozen_ms', String(at));
      }
    });
  }
}
