import type { MonitorStore } from '@sysward/state-store';
import type { MonitorCounters } from './counters';
import type { MonitorLog } from './monitor';

const META_KEY = 'status-totals-v1';

export interface Totals {
  read: number;
  delivered: number;
}

/**
 * Events read and delivered over the life of this state store, so that the
 * status a person sees does not fall back to zero when the supervisor restarts
 * the monitor. Kept in the store's meta area and saved by the status tick and
 * at stop, not in the append/trim transactions (those stay as fast as they
 * are): a SIGKILL can lose at most the counting since the last save, never an event.
 */
export class LifetimeTotals {
  private savedText: string;

  private constructor(
    private readonly store: Pick<MonitorStore, 'setMeta'>,
    private readonly base: Totals,
  ) {
    this.savedText = JSON.stringify(base);
  }

  static load(store: Pick<MonitorStore, 'getMeta' | 'setMeta'>, log: Pick<MonitorLog, 'warn'>): LifetimeTotals {
    const text = store.getMeta(META_KEY);
    let base: Totals = { read: 0, delivered: 0 };
    if (text !== null) {
      const parsed = parseTotals(text);
      if (parsed) base = parsed;
      else log.warn({ key: META_KEY, value: text.slice(0, 200) }, 'status totals in the state store are unreadable: counting again from zero');
    }
    return new LifetimeTotals(store, base);
  }

  current(counters: Pick<MonitorCounters, 'read' | 'delivered'>): Totals {
    return { read: this.base.read + counters.read, delivered: this.base.delivered + counters.delivered };
  }

  /** Writes only when the totals moved since the last save. */
  save(counters: Pick<MonitorCounters, 'read' | 'delivered'>): void {
    const text = JSON.stringify(this.current(counters));
    if (text === this.savedText) return;
    this.store.setMeta(META_KEY, text);
    this.savedText = text;
  }
}

function parseTotals(text: string): Totals | null {
  try {
    const value = JSON.parse(text) as Partial<Totals>;
    const ok = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
    return ok(value.read) && ok(value.delivered) ? { read: value.read, delivered: value.delivered } : null;
  } catch {
    return null;
  }
}
