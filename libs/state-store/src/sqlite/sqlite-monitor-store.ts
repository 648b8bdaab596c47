import type Database from 'better-sqlite3';
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
import { StateStoreError, toStateStoreError } from '../errors';
import { canonicalSourceKey, type SourceKeyMatch } from '../source-key';
import {
  requireNonNegativeInteger,
  validateCheckpoint,
  validateMetaKey,
  validateMetaValue,
  validateOutboxItems,
} from '../validation';
import type { WriterLock } from './writer-lock';

interface CheckpointRow {
  source_key: string;
  source: string;
  log_instance_id: string;
  record_id: number;
  bookmark: string | null;
  updated_at_ms: number;
}

interface TotalsRow {
  item_count: number;
  payload_bytes: number;
  evicted_total: number;
}

function noEviction(): EvictionResult {
  return { dropped: 0, firstSeq: null, lastSeq: null, keys: [], bytes: 0 };
}

/**
 * The monitor's store on one SQLite file (schema: see ./schema.ts). Built by
 * openMonitorStore, which has already taken the writer lock, recovered or
 * migrated the file and configured the connection; this class only runs the
 * prepared statements. Running totals live in outbox_totals and change in the
 * same transaction as the rows they count, so stats() is one row read.
 */
export class SqliteMonitorStore implements MonitorStore {
  private closed = false;
  private readonly statements;
  private readonly appendTransaction;
  private readonly trimTransaction;
  private readonly evictTransaction;

  constructor(
    private readonly db: Database.Database,
    private readonly lock: WriterLock,
    readonly path: string,
    readonly openReport: StoreOpenReport,
    private readonly sourceNames: SourceKeyMatch,
  ) {
    this.statements = {
      insertItem: db.prepare<[string, Uint8Array]>('INSERT OR IGNORE INTO outbox (key, payload) VALUES (?, ?)'),
      upsertCheckpoint: db.prepare<[string, string, string, number, string | null, number]>(
        `INSERT INTO checkpoints (source_key, source, log_instance_id, record_id, bookmark, updated_at_ms)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (source_key) DO UPDATE SET
           source = excluded.source, log_instance_id = excluded.log_instance_id, record_id = excluded.record_id,
           bookmark = excluded.bookmark, updated_at_ms = excluded.updated_at_ms`,
      ),
      getCheckpoint: db.prepare<[string], CheckpointRow>('SELECT * FROM checkpoints WHERE source_key = ?'),
      listCheckpoints: db.prepare<[], CheckpointRow>('SELECT * FROM checkpoints ORDER BY source_key'),
      readOutbox: db.prepare<[number, number], StoredOutboxItem>(
        'SELECT seq, key, payload FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      rangeTotals: db.prepare<[number], { n: number; bytes: number }>(
        'SELECT count(*) AS n, coalesce(sum(length(payload)), 0) AS bytes FROM outbox WHERE seq <= ?',
      ),
      deleteThrough: db.prepare<[number]>('DELETE FROM outbox WHERE seq <= ?'),
      oldestFirst: db.prepare<[], { seq: number; key: string; size: number }>(
        'SELECT seq, key, length(payload) AS size FROM outbox ORDER BY seq',
      ),
      totals: db.prepare<[], TotalsRow>('SELECT item_count, payload_bytes, evicted_total FROM outbox_totals WHERE id = 1'),
      addTotals: db.prepare<[number, number, number]>(
        `UPDATE outbox_totals SET item_count = item_count + ?, payload_bytes = payload_bytes + ?,
           evicted_total = evicted_total + ? WHERE id = 1`,
      ),
      seqBounds: db.prepare<[], { oldest: number | null; newest: number | null }>(
        // Two subqueries: min() and max() together in one SELECT defeat SQLite's min/max optimisation and scan the table.
      'SELECT (SELECT min(seq) FROM outbox) AS oldest, (SELECT max(seq) FROM outbox) AS newest',
      ),
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare<[string, string]>(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    };

    this.appendTransaction = db.transaction((items: OutboxItem[], checkpoint: Checkpoint, sourceKey: string): AppendResult => {
      let inserted = 0;
      let bytes = 0;
      for (const item of items) {
        if (this.statements.insertItem.run(item.key, item.payload).changes === 1) {
          inserted += 1;
          bytes += item.payload.byteLength;
        }
      }
      this.writeCheckpoint(checkpoint, sourceKey);
      if (inserted > 0) this.statements.addTotals.run(inserted, bytes, 0);
      return { inserted, duplicates: items.length - inserted };
    });

    this.trimTransaction = db.transaction((seq: number): number => {
      const range = this.statements.rangeTotals.get(seq)!;
      if (range.n === 0) return 0;
      this.statements.deleteThrough.run(seq);
      this.statements.addTotals.run(-range.n, -range.bytes, 0);
      return range.n;
    });

    this.evictTransaction = db.transaction((maxBytes: number): EvictionResult => {
      const excess = this.statements.totals.get()!.payload_bytes - maxBytes;
      if (excess <= 0) return noEviction();
      const keys: string[] = [];
      let bytes = 0;
      let firstSeq: number | null = null;
      let lastSeq: number | null = null;
      // Leaving the loop early closes the cursor, which must happen before the DELETE below.
      for (const row of this.statements.oldestFirst.iterate()) {
        firstSeq ??= row.seq;
        lastSeq = row.seq;
        keys.push(row.key);
        bytes += row.size;
        if (bytes >= excess) break;
      }
      if (lastSeq === null) return noEviction();
      this.statements.deleteThrough.run(lastSeq);
      this.statements.addTotals.run(-keys.length, -bytes, keys.length);
      return { dropped: keys.length, firstSeq, lastSeq, keys, bytes };
    });
  }

  appendWithCheckpoint(items: OutboxItem[], checkpoint: Checkpoint): AppendResult {
    this.assertOpen('appendWithCheckpoint');
    validateOutboxItems(items);
    validateCheckpoint(checkpoint);
    const sourceKey = canonicalSourceKey(checkpoint.source);
    return this.guard('appendWithCheckpoint', () => this.appendTransaction.immediate(items, checkpoint, sourceKey));
  }

  saveCheckpoint(checkpoint: Checkpoint): void {
    this.assertOpen('saveCheckpoint');
    validateCheckpoint(checkpoint);
    const sourceKey = canonicalSourceKey(checkpoint.source);
    this.guard('saveCheckpoint', () => this.writeCheckpoint(checkpoint, sourceKey));
  }

  getCheckpoint(source: string): Checkpoint | null {
    this.assertOpen('getCheckpoint');
    const key = canonicalSourceKey(source);
    const row = this.guard('getCheckpoint', () => this.statements.getCheckpoint.get(key));
    return row === undefined ? null : this.toCheckpoint(row);
  }

  listCheckpoints(): Checkpoint[] {
    this.assertOpen('listCheckpoints');
    return this.guard('listCheckpoints', () => this.statements.listCheckpoints.all()).map((row) => this.toCheckpoint(row));
  }

  readOutbox(afterSeq: number, limit: number): StoredOutboxItem[] {
    this.assertOpen('readOutbox');
    requireNonNegativeInteger(afterSeq, 'readOutbox afterSeq');
    requireNonNegativeInteger(limit, 'readOutbox limit');
    if (limit === 0) return [];
    return this.guard('readOutbox', () => this.statements.readOutbox.all(afterSeq, limit));
  }

  trimThrough(seq: number): number {
    this.assertOpen('trimThrough');
    requireNonNegativeInteger(seq, 'trimThrough seq');
    return this.guard('trimThrough', () => this.trimTransaction.immediate(seq));
  }

  evictOldest(maxBytes: number): EvictionResult {
    this.assertOpen('evictOldest');
    requireNonNegativeInteger(maxBytes, 'evictOldest maxBytes');
    return this.guard('evictOldest', () => this.evictTransaction.immediate(maxBytes));
  }

  stats(): OutboxStats {
    this.assertOpen('stats');
    return this.guard('stats', () => {
      const totals = this.statements.totals.get()!;
      const bounds = this.statements.seqBounds.get()!;
      return {
        count: totals.item_count,
        bytes: totals.payload_bytes,
        oldestSeq: bounds.oldest,
        newestSeq: bounds.newest,
        evictedTotal: totals.evicted_total,
      };
    });
  }

  getMeta(key: string): string | null {
    this.assertOpen('getMeta');
    validateMetaKey(key);
    return this.guard('getMeta', () => this.statements.getMeta.get(key))?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.assertOpen('setMeta');
    validateMetaKey(key);
    validateMetaValue(key, value);
    this.guard('setMeta', () => this.statements.setMeta.run(key, value));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.close();
    } finally {
      this.lock.release();
    }
  }

  private writeCheckpoint(checkpoint: Checkpoint, sourceKey: string): void {
    this.statements.upsertCheckpoint.run(
      sourceKey,
      checkpoint.source,
      checkpoint.logInstanceId,
      checkpoint.recordId,
      checkpoint.bookmark,
      checkpoint.updatedAtMs,
    );
  }

  private toCheckpoint(row: CheckpointRow): Checkpoint {
    return {
      source: this.sourceNames.displayNameOf(row.source_key) ?? row.source,
      logInstanceId: row.log_instance_id,
      recordId: row.record_id,
      bookmark: row.bookmark,
      updatedAtMs: row.updated_at_ms,
    };
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new StateStoreError('CLOSED', `state store ${this.path}: ${operation} called after close()`);
  }

  private guard<T>(operation: string, body: () => T): T {
    try {
      return body();
    } catch (error) {
      throw toStateStoreError(error, this.path, operation);
    }
  }
}
