/**
 * Event log channels as rows: a channel row (identity, size, next record id)
 * and its records. Appending renders the record with its final record id and
 * overwrites the oldest records when the log is full; clearing starts a new
 * log (new identity) as Windows does when the log file is recreated.
 */
import { PlatformError, type ChannelInfo } from '@sysward/platform';
import type { SimStore } from '../db/sim-store';
import { flattenPayload, renderEventXml, type EventSpec } from './event-xml';
import { recordsToEvict, type SizedRecord } from './eviction';

export interface ChannelRow {
  name_key: string;
  name: string;
  registered: number;
  log_identity: string;
  created_ms: number;
  max_size_bytes: number;
  size_bytes: number;
  next_record_id: number;
}

export interface StoredRecord {
  record_id: number;
  event_id: number;
  provider: string;
  time_ms: number;
  data: string;
  xml: string;
}

/** Windows keeps at least 1 MiB; the sim allows small logs so tests wrap in milliseconds. */
export const MIN_CHANNEL_BYTES = 4096;
export type ClearNumbering = 'restart' | 'continue';

export class ChannelTables {
  constructor(
    private readonly store: SimStore,
    private readonly now: () => number,
    private readonly computer: () => string,
  ) {}

  private get db() {
    return this.store.db;
  }

  get(name: string): ChannelRow | null {
    return (this.db.prepare('SELECT * FROM channels WHERE name_key = ?').get(name.toLowerCase()) as ChannelRow | undefined) ?? null;
  }

  /** A channel that exists and whose publisher is registered (EvtSubscribe fails with 15007 otherwise). */
  require(name: string): ChannelRow {
    const row = this.get(name);
    if (!row || !row.registered) throw new PlatformError('NOT_FOUND', `the channel ${JSON.stringify(name)} does not exist`, { errno: 15007 });
    return row;
  }

  listRegistered(): string[] {
    return (this.db.prepare('SELECT name FROM channels WHERE registered = 1 ORDER BY name_key').all() as { name: string }[]).map((r) => r.name);
  }

  /** Registers the channel, creating its log on first use; an existing log (and its records) is kept, as the .evtx file is. */
  ensure(name: string, maxSizeBytes: number): ChannelRow {
    const existing = this.get(name);
    if (existing) {
      if (!existing.registered) this.db.prepare('UPDATE channels SET registered = 1 WHERE name_key = ?').run(existing.name_key);
      return this.get(name)!;
    }
    const created = this.now();
    this.db
      .prepare('INSERT INTO channels (name_key, name, registered, log_identity, created_ms, max_size_bytes, size_bytes, next_record_id) VALUES (?, ?, 1, ?, ?, ?, 0, 1)')
      .run(name.toLowerCase(), name, this.newIdentity(created), created, maxSizeBytes);
    return this.get(name)!;
  }

  unregister(name: string): void {
    this.db.prepare('UPDATE channels SET registered = 0 WHERE name_key = ?').run(name.toLowerCase());
  }

  info(row: ChannelRow): ChannelInfo {
    const range = this.db.prepare('SELECT min(record_id) AS oldest, max(record_id) AS newest, count(*) AS n FROM channel_records WHERE channel_key = ?').get(row.name_key) as {
      oldest: number | null;
      newest: number | null;
      n: number;
    };
    return {
      channel: row.name,
      logIdentity: row.log_identity,
      createdMs: row.created_ms,
      recordCount: range.n,
      oldestRecordId: range.oldest,
      newestRecordId: range.newest,
      sizeBytes: row.size_bytes,
      maxSizeBytes: row.max_size_bytes,
    };
  }

  /** Appends one event and returns its record id. The caller holds a write transaction. */
  append(name: string, spec: EventSpec, timeMs: number): number {
    const row = this.require(name);
    const recordId = row.next_record_id;
    const xml = renderEventXml(spec, row.name, this.computer(), recordId, timeMs);
    const size = xml.length * 2;
    const freed = this.evict(row, size, row.max_size_bytes);
    this.db
      .prepare('INSERT INTO channel_records (channel_key, record_id, event_id, provider, time_ms, size_bytes, data, xml) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(row.name_key, recordId, spec.eventId, spec.provider.name, timeMs, size, JSON.stringify(flattenPayload(spec.payload)), xml);
    this.db.prepare('UPDATE channels SET next_record_id = ?, size_bytes = ? WHERE name_key = ?').run(recordId + 1, row.size_bytes - freed + size, row.name_key);
    return recordId;
  }

  records(channelKey: string, afterRecordId: number, max: number): StoredRecord[] {
    return this.db
      .prepare('SELECT record_id, event_id, provider, time_ms, data, xml FROM channel_records WHERE channel_key = ? AND record_id > ? ORDER BY record_id LIMIT ?')
      .all(channelKey, afterRecordId, max) as StoredRecord[];
  }

  hasRecord(channelKey: string, recordId: number): boolean {
    return this.db.prepare('SELECT 1 FROM channel_records WHERE channel_key = ? AND record_id = ?').get(channelKey, recordId) !== undefined;
  }

  setMaxSize(name: string, bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < MIN_CHANNEL_BYTES) {
      throw new PlatformError('INVALID_ARGUMENT', `maximum log size must be an integer of at least ${MIN_CHANNEL_BYTES} bytes, got ${bytes}`);
    }
    const row = this.require(name);
    const freed = this.evict(row, 0, bytes);
    this.db.prepare('UPDATE channels SET max_size_bytes = ?, size_bytes = ? WHERE name_key = ?').run(bytes, row.size_bytes - freed, row.name_key);
    return bytes;
  }

  /** Empties the log and gives it a new identity; record ids restart at 1 (Windows recreates the file) unless told to continue. */
  clear(name: string, numbering: ClearNumbering): ChannelRow {
    const row = this.require(name);
    const created = this.now();
    this.db.prepare('DELETE FROM channel_records WHERE channel_key = ?').run(row.name_key);
    const next = numbering === 'continue' ? row.next_record_id : 1;
    this.db
      .prepare('UPDATE channels SET log_identity = ?, created_ms = ?, size_bytes = 0, next_record_id = ? WHERE name_key = ?')
      .run(this.newIdentity(created), created, next, row.name_key);
    return this.get(name)!;
  }

  allRecords(channelKey: string): StoredRecord[] {
    return this.records(channelKey, 0, Number.MAX_SAFE_INTEGER);
  }

  private evict(row: ChannelRow, incoming: number, maxBytes: number): number {
    let freed = 0;
    let size = row.size_bytes;
    while (size + incoming > maxBytes) {
      const oldest = this.db
        .prepare('SELECT record_id AS recordId, size_bytes AS size FROM channel_records WHERE channel_key = ? ORDER BY record_id LIMIT 256')
        .all(row.name_key) as SizedRecord[];
      if (oldest.length === 0) break;
      const count = recordsToEvict(size, incoming, maxBytes, oldest);
      const last = oldest[count - 1];
      this.db.prepare('DELETE FROM channel_records WHERE channel_key = ? AND record_id <= ?').run(row.name_key, last.recordId);
      const dropped = oldest.slice(0, count).reduce((total, r) => total + r.size, 0);
      freed += dropped;
      size -= dropped;
    }
    return freed;
  }

  private newIdentity(createdMs: number): string {
    return `${new Date(createdMs).toISOString()}#${this.store.bump('log.identity_counter')}`;
  }
}
