/**
 * One connection to the host file, and the only way the sim's modules touch
 * it: `write` runs an immediate transaction (the write lock is taken at BEGIN,
 * so two processes never deadlock upgrading read locks) and then wakes this
 * process's own waiters; `read` runs a deferred transaction for a consistent
 * snapshot across several statements.
 */
import type Database from 'better-sqlite3';
import { PlatformError, type PlatformErrorCode } from '@sysward/platform';
import { ChangeFeed } from './change-feed';

export type PowerState = 'on' | 'off';

export class SimStore {
  readonly changes: ChangeFeed;
  private depth = 0;

  constructor(
    readonly db: Database.Database,
    readonly file: string,
    fallbackPollMs?: number,
  ) {
    this.changes = new ChangeFeed(db, file, fallbackPollMs);
  }

  write<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.depth += 1;
    try {
      const before = this.totalChanges();
      const result = this.db.transaction(fn).immediate();
      // Only a transaction that changed rows wakes this process's waiters: a no-op pump must not.
      if (this.totalChanges() !== before) this.changes.notifyLocal();
      return result;
    } finally {
      this.depth -= 1;
    }
  }

  read<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.depth += 1;
    try {
      return this.db.transaction(fn).deferred();
    } finally {
      this.depth -= 1;
    }
  }

  private totalChanges(): number {
    return (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  }

  getMeta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? row.value : null;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  getNumber(key: string, fallback: number): number {
    const value = this.getMeta(key);
    return value === null ? fallback : Number(value);
  }

  /** Increments a counter in meta and returns the new value. */
  bump(key: string, by = 1): number {
    const next = this.getNumber(key, 0) + by;
    this.setMeta(key, String(next));
    return next;
  }

  power(): PowerState {
    return this.getMeta('power') === 'off' ? 'off' : 'on';
  }

  /** Every port call on a crashed host fails like a call to a machine that is off. */
  requirePower(): void {
    if (this.power() !== 'on') throw new PlatformError('UNAVAILABLE', 'the simulated host is down (crashed); run `sysward sim reboot`');
  }

  /**
   * Consumes one injected failure of `op`, if any: the consumption commits on
   * its own, so the failure is used up even though the operation then fails.
   */
  takeFault(op: string): void {
    const any = this.db.prepare('SELECT 1 FROM faults LIMIT 1').get();
    if (!any) return;
    const code = this.write(() => {
      const row = this.db.prepare('SELECT code, remaining FROM faults WHERE op = ?').get(op) as { code: string; remaining: number } | undefined;
      if (!row) return null;
      if (row.remaining <= 1) this.db.prepare('DELETE FROM faults WHERE op = ?').run(op);
      else this.db.prepare('UPDATE faults SET remaining = remaining - 1 WHERE op = ?').run(op);
      return row.code as PlatformErrorCode;
    });
    if (code) throw new PlatformError(code, `injected fault on ${op}`);
  }

  /** A fault that changes behaviour instead of failing (e.g. a driver that does not unload). */
  takeBehaviourFault(op: string): boolean {
    const row = this.db.prepare('SELECT remaining FROM faults WHERE op = ?').get(op) as { remaining: number } | undefined;
    if (!row) return false;
    if (row.remaining <= 1) this.db.prepare('DELETE FROM faults WHERE op = ?').run(op);
    else this.db.prepare('UPDATE faults SET remaining = remaining - 1 WHERE op = ?').run(op);
    return true;
  }

  close(): void {
    this.changes.close();
    if (this.db.open) this.db.close();
  }
}
