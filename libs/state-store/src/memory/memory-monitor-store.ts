import type {
  AppendResult,
  Checkpoint,
  EvictionResult,
  MonitorStore,
  OutboxItem,
  OutboxStats,
  StoredOutboxItem,
  StoreOpenReport,
} from '../contracts';
import { StateStoreError } from '../errors';
import { canonicalSourceKey, matchSourceKeys } from '../source-key';
import { SCHEMA_VERSION } from '../sqlite/schema';
import {
  requireNonNegativeInteger,
  validateCheckpoint,
  validateMetaKey,
  validateMetaValue,
  validateOutboxItems,
} from '../validation';

/**
 * What a MemoryMonitorStore keeps "on disk": it outlives the store objects
 * opened on it, so a test can close a store, open a new one on the same
 * volume and see a restart, as with the SQLite file.
 */
export class MemoryStoreVolume {
  /** @internal */ readonly checkpoints = new Map<string, Checkpoint>();
  /** @internal */ readonly outbox: StoredOutboxItem[] = [];
  /** @internal */ readonly keys = new Set<string>();
  /** @internal */ readonly meta = new Map<string, string>();
  /** @internal */ nextSeq = 1;
  /** @internal */ bytes = 0;
  /** @internal */ evictedTotal = 0;
  /** @internal */ openedBefore = false;
  /** @internal */ holder: MemoryMonitorStore | null = null;

  /** Seeds checkpoint rows exactly as given, e.g. the stale keys of BUG-14. */
  constructor(seed: { checkpoints?: Checkpoint[] } = {}) {
    for (const [index, checkpoint] of (seed.checkpoints ?? []).entries()) {
      validateCheckpoint(checkpoint, `seed.checkpoints[${index}]`);
      this.checkpoints.set(canonicalSourceKey(checkpoint.source), { ...checkpoint });
    }
    if (this.checkpoints.size > 0) this.openedBefore = true;
  }
}

export interface MemoryMonitorStoreOptions {
  volume?: MemoryStoreVolume;
  canonicalSources?: string[];
}

/**
 * The in-memory MonitorStore for other components' unit tests. It obeys the
 * same contract as the SQLite store (describeMonitorStoreContract runs on
 * both), including one writer per volume, and can be told to fail the next
 * write so callers can test their reaction to a full disk (R-REL-3).
 */
export class MemoryMonitorStore implements MonitorStore {
  readonly openReport: StoreOpenReport;
  readonly volume: MemoryStoreVolume;
  private readonly displayNameOf: (key: string) => string | undefined;
  private closed = false;
  private pendingFailure: Error | null = null;

  constructor(options: MemoryMonitorStoreOptions = {}) {
    const volume = options.volume ?? new MemoryStoreVolume();
    if (volume.holder !== null) {
      throw new StateStoreError(
        'WRITER_LOCKED',
        'memory store volume is already open for writing by another store; only one writer per store is allowed',
      );
    }
    const stored = [...volume.checkpoints.entries()].map(([key, checkpoint]) => ({ key, source: checkpoint.source }));
    const match = matchSourceKeys(stored, options.canonicalSources);
    this.displayNameOf = match.displayNameOf;
    this.openReport = {
      recreated: null,
      fromVersion: volume.openedBefore ? SCHEMA_VERSION : 0,
      toVersion: SCHEMA_VERSION,
      unmatchedCheckpointKeys: match.unmatched,
      createdEmpty: volume.openedBefore ? null : { lossSuspected: false, reason: 'new store' },
      previousSessionUnclean: false,
    };
    volume.openedBefore = true;
    volume.holder = this;
    this.volume = volume;
  }

  /** The next write (append, checkpoint, trim, evict, setMeta) throws `error` and changes nothing. */
  failNextWrite(error: Error = new StateStoreError('DISK_FULL', 'memory store: simulated full disk')): void {
    this.pendingFailure = error;
  }

  appendWithCheckpoint(items: OutboxItem[], checkpoint: Checkpoint): AppendResult {
    this.assertOpen('appendWithCheckpoint');
    validateOutboxItems(items);
    validateCheckpoint(checkpoint);
    const sourceKey = canonicalSourceKey(checkpoint.source);
    this.consumeFailure();
    const v = this.volume;
    let inserted = 0;
    for (const item of items) {
      if (v.keys.has(item.key)) continue;
      v.keys.add(item.key);
      // Copied so a caller reusing its buffer cannot change what was "persisted".
      v.outbox.push({ seq: v.nextSeq++, key: item.key, payload: Uint8Array.from(item.payload) });
      v.bytes += item.payload.byteLength;
      inserted += 1;
    }
    v.checkpoints.set(sourceKey, { ...checkpoint });
    return { inserted, duplicates: items.length - inserted };
  }

  saveCheckpoint(checkpoint: Checkpoint): void {
    this.assertOpen('saveCheckpoint');
    validateCheckpoint(checkpoint);
    const sourceKey = canonicalSourceKey(checkpoint.source);
    this.consumeFailure();
    this.volume.checkpoints.set(sourceKey, { ...checkpoint });
  }

  getCheckpoint(source: string): Checkpoint | null {
    this.assertOpen('getCheckpoint');
    const key = canonicalSourceKey(source);
    const found = this.volume.checkpoints.get(key);
    return found === undefined ? null : this.present(key, found);
  }

  listCheckpoints(): Checkpoint[] {
    this.assertOpen('listCheckpoints');
    return [...this.volume.checkpoints.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, checkpoint]) => this.present(key, checkpoint));
  }

  readOutbox(afterSeq: number, limit: number): StoredOutboxItem[] {
    this.assertOpen('readOutbox');
    requireNonNegativeInteger(afterSeq, 'readOutbox afterSeq');
    requireNonNegativeInteger(limit, 'readOutbox limit');
    const start = this.firstIndexAfter(afterSeq);
    return this.volume.outbox
      .slice(start, start + limit)
      .map((item) => ({ seq: item.seq, key: item.key, payload: Uint8Array.from(item.payload) }));
  }

  trimThrough(seq: number): number {
    this.assertOpen('trimThrough');
    requireNonNegativeInteger(seq, 'trimThrough seq');
    this.consumeFailure();
    return this.dropThroughIndex(this.firstIndexAfter(seq)).length;
  }

  evictOldest(maxBytes: number): EvictionResult {
    this.assertOpen('evictOldest');
    requireNonNegativeInteger(maxBytes, 'evictOldest maxBytes');
    this.consumeFailure();
    const v = this.volume;
    const excess = v.bytes - maxBytes;
    if (excess <= 0) return { dropped: 0, firstSeq: null, lastSeq: null, keys: [], bytes: 0 };
    let bytes = 0;
    let end = 0;
    while (end < v.outbox.length && bytes < excess) bytes += v.outbox[end++]!.payload.byteLength;
    const dropped = this.dropThroughIndex(end);
    v.evictedTotal += dropped.length;
    return {
      dropped: dropped.length,
      firstSeq: dropped[0]?.seq ?? null,
      lastSeq: dropped[dropped.length - 1]?.seq ?? null,
      keys: dropped.map((item) => item.key),
      bytes,
    };
  }

  stats(): OutboxStats {
    this.assertOpen('stats');
    const v = this.volume;
    return {
      count: v.outbox.length,
      bytes: v.bytes,
      oldestSeq: v.outbox[0]?.seq ?? null,
      newestSeq: v.outbox[v.outbox.length - 1]?.seq ?? null,
      evictedTotal: v.evictedTotal,
    };
  }

  getMeta(key: string): string | null {
    this.assertOpen('getMeta');
    validateMetaKey(key);
    return this.volume.meta.get(key) ?? null;
  }

  setMeta(key: string, value: string): void {
    this.assertOpen('setMeta');
    validateMetaKey(key);
    validateMetaValue(key, value);
    this.consumeFailure();
    this.volume.meta.set(key, value);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.volume.holder === this) this.volume.holder = null;
  }

  private present(key: string, checkpoint: Checkpoint): Checkpoint {
    return { ...checkpoint, source: this.displayNameOf(key) ?? checkpoint.source };
  }

  /** Index of the first item with seq > afterSeq (binary search: seq is increasing). */
  private firstIndexAfter(afterSeq: number): number {
    const outbox = this.volume.outbox;
    let low = 0;
    let high = outbox.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (outbox[mid]!.seq <= afterSeq) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private dropThroughIndex(end: number): StoredOutboxItem[] {
    const v = this.volume;
    const dropped = v.outbox.splice(0, end);
    for (const item of dropped) {
      v.keys.delete(item.key);
      v.bytes -= item.payload.byteLength;
    }
    return dropped;
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new StateStoreError('CLOSED', `memory store: ${operation} called after close()`);
  }

  private consumeFailure(): void {
    const failure = this.pendingFailure;
    if (failure === null) return;
    this.pendingFailure = null;
    throw failure;
  }
}
