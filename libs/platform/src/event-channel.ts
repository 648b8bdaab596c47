/**
 * Event log channel port, shaped by what the monitor must detect (R-MON-2,
 * BUG-15): a log identity that changes when the channel is cleared, the oldest
 * and newest record ids (wrap-around drops the oldest, ids continue), and
 * strict subscription from a bookmark that fails rather than silently resuming
 * somewhere else.
 */

export interface ChannelInfo {
  channel: string;
  /** Changes when the channel is cleared (on Windows: the log file's creation time). */
  logIdentity: string;
  createdMs: number;
  recordCount: number;
  oldestRecordId: number | null;
  newestRecordId: number | null;
  sizeBytes: number;
  maxSizeBytes: number;
}

/** One event as EvtRender(EvtRenderEventXml) gives it, plus the System values callers sort and filter on. */
export interface ChannelRecord {
  recordId: number;
  eventId: number;
  provider: string;
  timeCreatedMs: number;
  xml: string;
}

export type SubscribeFrom =
  /** Everything still in the channel. */
  | { kind: 'oldest' }
  /** Only records written after the subscription. */
  | { kind: 'future' }
  /**
   * After the bookmarked record. strict (EvtSubscribeStrict): BOOKMARK_NOT_FOUND
   * when that record is no longer in the channel (cleared or wrapped past);
   * otherwise the subscription starts at the oldest record.
   */
  | { kind: 'bookmark'; bookmark: string; strict: boolean }
  /**
   * After record `recordId`. BOOKMARK_NOT_FOUND unless recordId lies in
   * [oldest - 1, newest] and, when given, logIdentity is still the channel's.
   */
  | { kind: 'after-record'; recordId: number; logIdentity?: string };

export interface ReadOptions {
  /** At most this many records (1..10000). */
  max: number;
  /** How long to wait for a first record when none is there; 0 (default) returns at once. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ChannelSubscription {
  readonly channel: string;
  /** The log identity at subscribe time. */
  readonly logIdentity: string;
  /**
   * The next records in record-id order; [] when none arrived within timeoutMs.
   * A jump in record ids means records were overwritten while unread (wrap).
   * STALE_HANDLE (recoverable) once the channel was cleared under the
   * subscription: re-subscribe from the last committed position.
   */
  next(options: ReadOptions): Promise<ChannelRecord[]>;
  /** Bookmark XML of the last record returned (or the starting bookmark); null before any. */
  bookmark(): string | null;
  close(): Promise<void>;
}

/**
 * Errors: NOT_FOUND (no such channel), BOOKMARK_NOT_FOUND, INVALID_ARGUMENT
 * (corrupt bookmark, bookmark of another channel, bad sizes).
 */
export interface EventChannelPort {
  list(): Promise<string[]>;
  info(channel: string): Promise<ChannelInfo>;
  subscribe(channel: string, from: SubscribeFrom): Promise<ChannelSubscription>;
  /** Returns the size in effect (an implementation may round or clamp, Windows to at least 1 MiB). */
  setMaxSize(channel: string, bytes: number): Promise<number>;
  /**
   * Empties the channel (optionally saving it first): the log identity changes,
   * and the Eventlog writes its log-cleared event (104 in System; 1102 in
   * Security when Security is cleared).
   */
  clear(channel: string, options?: { backupPath?: string }): Promise<void>;
}
