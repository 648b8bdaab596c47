import type { OutboxStats } from '@sysward/state-store';

type SeqBounds = Pick<OutboxStats, 'oldestSeq' | 'newestSeq'>;

/**
 * Delivery lag for status (R-SUP-2): the age of the oldest event still in the
 * outbox. The store keeps no append times, so this remembers when each commit
 * made its newest sequence number durable; one entry per batch, pruned as the
 * outbox drains, so it is bounded by the outbox itself.
 */
export class DeliveryLag {
  private readonly commits: { seq: number; atMs: number }[] = [];

  /**
   * What a previous process left in the outbox has no known append time; it is
   * counted from when this process found it, so the lag is a lower bound then.
   */
  constructor(found: SeqBounds, startedAtMs: number) {
    this.committed(found, startedAtMs);
  }

  /** After a commit: the outbox's bounds now, and when. */
  committed(bounds: SeqBounds, atMs: number): void {
    this.prune(bounds.oldestSeq);
    const newest = bounds.newestSeq;
    if (newest === null) return;
    const last = this.commits[this.commits.length - 1];
    if (last === undefined || newest > last.seq) this.commits.push({ seq: newest, atMs });
  }

  /** Age of the oldest undelivered item, 0 when the outbox is empty. */
  lagMs(oldestSeq: number | null, nowMs: number): number {
    this.prune(oldestSeq);
    const head = this.commits[0];
    return head === undefined ? 0 : Math.max(0, nowMs - head.atMs);
  }

  /** Drops commits whose items have all left the outbox (delivered or evicted). */
  private prune(oldestSeq: number | null): void {
    if (oldestSeq === null) {
      this.commits.length = 0;
      return;
    }
    let gone = 0;
    while (gone < this.commits.length && this.commits[gone].seq < oldestSeq) gone++;
    if (gone > 0) this.commits.splice(0, gone);
  }
}
