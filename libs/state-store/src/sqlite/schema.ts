import type Database from 'better-sqlite3';
import { canonicalSourceKey } from '../source-key';

/**
 * Written into the SQLite header (PRAGMA application_id) by the first
 * migration. It is how an existing file is recognised as a Sysward monitor
 * store rather than some other SQLite database that happens to sit at the
 * configured path. ASCII "SYSW".
 */
export const APPLICATION_ID = 0x53595357;

export interface MigrationContext {
  warn(obj: object, msg: string): void;
}

export interface Migration {
  /** The schema version (PRAGMA user_version) the database has after this step. */
  version: number;
  description: string;
  /** Tables that must exist once this version is reached; checked on every open. */
  tables: readonly string[];
  up(db: Database.Database, context: MigrationContext): void;
}

/*
 * The ordered history of the on-disk format. Steps are never edited once
 * released, only appended: a host can be upgraded from any earlier release
 * and every step in between runs, in one transaction.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'meta, checkpoints keyed by source name as given, outbox with unique idempotency keys',
    tables: ['meta', 'checkpoints', 'outbox'],
    up(db) {
      db.exec(`
        CREATE TABLE meta (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE checkpoints (
          source          TEXT PRIMARY KEY,
          log_instance_id TEXT NOT NULL,
          record_id       INTEGER NOT NULL,
          bookmark        TEXT,
          updated_at_ms   INTEGER NOT NULL
        ) WITHOUT ROWID;
        -- AUTOINCREMENT: seq must never be reused, even after the outbox is trimmed empty,
        -- because readers resume with "seq > last delivered".
        CREATE TABLE outbox (
          seq     INTEGER PRIMARY KEY AUTOINCREMENT,
          key     TEXT NOT NULL UNIQUE,
          payload BLOB NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    description: 'checkpoints keyed by canonical (case-insensitive) source key (BUG-14)',
    tables: ['meta', 'checkpoints', 'outbox'],
    up(db, context) {
      interface OldRow {
        source: string;
        log_instance_id: string;
        record_id: number;
        bookmark: string | null;
        updated_at_ms: number;
      }
      const rows = db.prepare('SELECT * FROM checkpoints ORDER BY updated_at_ms DESC, source').all() as OldRow[];
      db.exec(`
        DROP TABLE checkpoints;
        CREATE TABLE checkpoints (
          source_key      TEXT PRIMARY KEY,
          source          TEXT NOT NULL,
          log_instance_id TEXT NOT NULL,
          record_id       INTEGER NOT NULL,
          bookmark        TEXT,
          updated_at_ms   INTEGER NOT NULL
        ) WITHOUT ROWID;
      `);
      const insert = db.prepare(
        'INSERT INTO checkpoints (source_key, source, log_instance_id, record_id, bookmark, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const kept = new Map<string, OldRow>();
      for (const row of rows) {
        // Canonicalising in JS, not with SQL lower(), keeps one definition of the key.
        const key = canonicalSourceKey(row.source);
        const winner = kept.get(key);
        if (winner !== undefined) {
          // Two spellings of one source: the most recently written position is what the last run knew.
          context.warn(
            { kept: winner.source, keptRecordId: winner.record_id, dropped: row.source, droppedRecordId: row.record_id },
            'checkpoint rows for the same source under different spellings were merged; the most recent was kept',
          );
          continue;
        }
        kept.set(key, row);
        insert.run(key, row.source, row.log_instance_id, row.record_id, row.bookmark, row.updated_at_ms);
      }
    },
  },
  {
    version: 3,
    description: 'running outbox totals (count, payload bytes, evicted total) kept per transaction',
    tables: ['meta', 'checkpoints', 'outbox', 'outbox_totals'],
    up(db) {
      db.exec(`
        CREATE TABLE outbox_totals (
          id            INTEGER PRIMARY KEY CHECK (id = 1),
          item_count    INTEGER NOT NULL,
          payload_bytes INTEGER NOT NULL,
          evicted_total INTEGER NOT NULL
        );
      `);
      // Version 2 kept the eviction counter in meta; it moves next to the other totals.
      const evicted = db.prepare("SELECT value FROM meta WHERE key = 'outbox.evictedTotal'").get() as
        | { value: string }
        | undefined;
      const evictedTotal = evicted === undefined ? 0 : Number.parseInt(evicted.value, 10);
      db.prepare(
        `INSERT INTO outbox_totals (id, item_count, payload_bytes, evicted_total)
         SELECT 1, count(*), coalesce(sum(length(payload)), 0), ? FROM outbox`,
      ).run(Number.isSafeInteger(evictedTotal) && evictedTotal >= 0 ? evictedTotal : 0);
      db.prepare("DELETE FROM meta WHERE key = 'outbox.evictedTotal'").run();
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Tables that version `version` must have; an empty list for version 0 (a new, empty file). */
export function tablesExpectedAt(version: number, migrations: readonly Migration[] = MIGRATIONS): readonly string[] {
  return migrations.find((m) => m.version === version)?.tables ?? [];
}
