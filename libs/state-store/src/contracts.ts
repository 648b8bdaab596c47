/**
 * The events monitor's durable state: an outbox of encoded records and the
 * read position of each source. Appending a batch and moving that source's
 * checkpoint happen in one transaction (R-MON-4), so a crash rolls both back
 * together and the source is simply read again from the old checkpoint.
 */
export interface Checkpoint {
  /**
   * A channel name or a recording's identity. Stored and looked up by
   * canonicalSourceKey (case-insensitive, BUG-14); read back under the
   * spelling given in the store's canonicalSources (the subscription's name),
   * else the spelling last saved.
   */
  source: string;
  /** Identity of the log instance the position refers to (changes when a channel is cleared). */
  logInstanceId: string;
  /** Last record id that is durably in the outbox (or deliberately skipped). */
  recordId: number;
  /** Opaque Windows bookmark XML for live channels; null for recordings. */
  bookmark: string | null;
  /** Milliseconds since the epoch when this checkpoint was written. */
  updatedAtMs: number;
}

export interface OutboxItem {
  /** Idempotency key of the record (R-MON-5). Unique within the outbox: a re-append of the same key is ignored. */
  key: string;
  /** Encoded protobuf bytes of one delivery record (event or gap). */
  payload: Uint8Array;
}

export interface StoredOutboxItem extends OutboxItem {
  /** Monotonic sequence number assigned at append; delivery order. */
  seq: number;
}

export interface AppendResult {
  /** Items actually inserted (duplicates by key are not). */
  inserted: number;
  /** Items skipped because their key was already in the outbox. */
  duplicates: number;
}

export interface OutboxStats {
  count: number;
  bytes: number;
  oldestSeq: number | null;
  newestSeq: number | null;
  /** Records dropped by eviction since the store was created (R-MON-4). */
  evictedTotal: number;
}

/** What happened when the store was opened; reported through status and logs. */
export interface StoreOpenReport {
  /** Set when the database file was unreadable and was moved aside and recreated. */
  recreated: { movedAsidePath: string; reason: string } | null;
  /** Schema version before and after migrations. */
  fromVersion: number;
  toVersion: number;
  /** Checkpoint rows whose key is not canonical and could not be matched to a source (BUG-14). */
  unmatchedCheckpointKeys: string[];
  /**
   * Set when the store started empty. lossSuspected is true when it had held
   * data before: the file was recreated (see recreated) or went missing from a
   * path that had been used (R-REL-2). The monitor warns before any replay.
   */
  createdEmpty: { lossSuspected: boolean; reason: string } | null;
  /** The previous writer did not close the store (killed or crashed), so a full integrity check ran. */
  previousSessionUnclean: boolean;
}

/** What evictOldest dropped: enough for the caller to emit gap records with cause OUTBOX_EVICTION. */
export interface EvictionResult {
  dropped: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** Idempotency keys of the dropped items, oldest first (they identify source and record ids). */
  keys: string[];
  /** Payload bytes freed. */
  bytes: number;
}

export interface MonitorStore {
  readonly openReport: StoreOpenReport;
  /** Atomically append items and move the source's checkpoint. */
  appendWithCheckpoint(items: OutboxItem[], checkpoint: Checkpoint): AppendResult;
  /** Move a checkpoint without appending (e.g. a batch where every record was filtered out). */
  saveCheckpoint(checkpoint: Checkpoint): void;
  getCheckpoint(source: string): Checkpoint | null;
  listCheckpoints(): Checkpoint[];
  /** Items with seq > afterSeq, in seq order, at most `limit` items. */
  readOutbox(afterSeq: number, limit: number): StoredOutboxItem[];
  /** Delete every item with seq <= seq (called only after the sink confirmed them). */
  trimThrough(seq: number): number;
  /** Drop the oldest items until the outbox holds at most maxBytes; returns the dropped items' keys and seq range. */
  evictOldest(maxBytes: number): EvictionResult;
  stats(): OutboxStats;
  /** Small key/value area for component metadata (agent id, counters). */
  getMeta(key: string): string | null;
  setMeta(key: string, value: string): void;
  close(): void;
}
