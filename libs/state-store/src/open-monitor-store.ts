import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import Database from 'better-sqlite3';
import type { StoreOpenReport } from './contracts';
import { StateStoreError, messageOf } from './errors';
import { matchSourceKeys } from './source-key';
import { runMigrations } from './sqlite/migrate';
import { moveDatabaseAside } from './sqlite/move-aside';
import { probeDatabase } from './sqlite/probe-database';
import { MIGRATIONS } from './sqlite/schema';
import { SqliteMonitorStore } from './sqlite/sqlite-monitor-store';
import { acquireWriterLock } from './sqlite/writer-lock';

export interface StoreLogger {
  warn(obj: object, msg: string): void;
}

export interface OpenMonitorStoreOptions {
  now?: () => number;
  logger?: StoreLogger;
  /** Source names as subscribed; checkpoints are read back under these spellings, other rows are reported (BUG-14). */
  canonicalSources?: string[];
  /**
   * 'full' (default): a committed batch survives power loss (WAL fsync per commit).
   * 'normal': a power loss may roll back the last commits (checkpoint with them); never corrupts.
   * See docs/adr/0300-state-store-durability.md.
   */
  durability?: 'full' | 'normal';
  /** How long a statement waits for a reader holding a lock (default 5000 ms). */
  busyTimeoutMs?: number;
  /** How long to wait for another writer to let go of the store (default 1000 ms). */
  lockTimeoutMs?: number;
  /**
   * When to read every page with PRAGMA quick_check: 'after-unclean-exit' (default; the previous
   * writer died holding the lock) or 'always'. The cheap structural checks run on every open.
   */
  integrityCheck?: 'after-unclean-exit' | 'always';
}

/** Lets an outbox of hundreds of MB keep a bounded WAL after checkpoints. */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

function configure(db: Database.Database, path: string, durability: 'full' | 'normal'): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') {
    throw new StateStoreError('IO_ERROR', `state store ${path}: the file system does not support WAL mode (got ${String(mode)})`);
  }
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
}

function validateOptions(path: unknown, options: OpenMonitorStoreOptions): void {
  if (typeof path !== 'string' || path.length === 0) {
    throw new StateStoreError('INVALID_ARGUMENT', `openMonitorStore path must be a non-empty string, got ${JSON.stringify(path)}`);
  }
  if (options.durability !== undefined && options.durability !== 'full' && options.durability !== 'normal') {
    throw new StateStoreError('INVALID_ARGUMENT', `options.durability must be 'full' or 'normal', got ${JSON.stringify(options.durability)}`);
  }
  for (const name of ['busyTimeoutMs', 'lockTimeoutMs'] as const) {
    const value = options[name];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new StateStoreError('INVALID_ARGUMENT', `options.${name} must be a non-negative integer, got ${String(value)}`);
    }
  }
  if (options.canonicalSources !== undefined && !Array.isArray(options.canonicalSources)) {
    throw new StateStoreError('INVALID_ARGUMENT', 'options.canonicalSources must be an array of source names');
  }
}

/**
 * Opens (creating, recovering or migrating as needed) the monitor store at
 * `path`. Throws only when starting would be wrong or impossible: another
 * live writer, a file from a newer release, a failed migration, or an
 * environment error (permissions, no WAL support). A damaged or foreign file
 * is moved aside and the store starts empty, reported in openReport (R-REL-2).
 */
export function openMonitorStore(path: string, options: OpenMonitorStoreOptions = {}): SqliteMonitorStore {
  validateOptions(path, options);
  const now = options.now ?? Date.now;
  const logger: StoreLogger = options.logger ?? { warn: () => undefined };
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;

  try {
    fs.mkdirSync(nodePath.dirname(nodePath.resolve(path)), { recursive: true });
  } catch (error) {
    throw new StateStoreError('IO_ERROR', `state store ${path}: cannot create its directory: ${messageOf(error)}`, { cause: error });
  }
  const lock = acquireWriterLock(path, { timeoutMs: options.lockTimeoutMs ?? 1000, now });
  let db: Database.Database | undefined;
  try {
    const previousSessionUnclean = lock.staleOwner !== null;
    const probe = probeDatabase(path, {
      busyTimeoutMs,
      fullCheck: previousSessionUnclean || options.integrityCheck === 'always',
      migrations: MIGRATIONS,
    });

    let fromVersion = 0;
    let recreated: StoreOpenReport['recreated'] = null;
    let createdEmpty: StoreOpenReport['createdEmpty'] = null;
    if (probe.kind === 'usable') {
      db = new Database(path, { fileMustExist: true, timeout: busyTimeoutMs });
      fromVersion = probe.version;
      if (fromVersion === 0) {
        createdEmpty = { lossSuspected: lock.lockFileExisted, reason: 'the database file existed but was empty' };
      }
    } else {
      const reason =
        probe.kind === 'unusable'
          ? probe.reason
          : probe.orphans.length > 0
            ? `the database file was missing but ${probe.orphans.map((p) => nodePath.basename(p)).join(', ')} remained`
            : null;
      if (reason !== null) {
        const movedAsidePath = moveDatabaseAside(path, now());
        recreated = { movedAsidePath, reason };
        logger.warn({ path, movedAsidePath, reason }, 'state store was unreadable: moved aside and recreated empty; its contents are lost to this run');
      }
      const used = recreated !== null || lock.lockFileExisted;
      createdEmpty = {
        lossSuspected: used,
        reason: recreated !== null ? `recreated: ${recreated.reason}` : used ? 'the database file was missing from a path used before' : 'new store',
      };
      if (used && recreated === null) logger.warn({ path }, 'state store file was missing from a path used before: starting empty');
      db = new Database(path, { timeout: busyTimeoutMs });
    }

    configure(db, path, options.durability ?? 'full');
    const toVersion = runMigrations(db, fromVersion, MIGRATIONS, logger, path);
    const stored = (db.prepare('SELECT source_key AS key, source FROM checkpoints').all() as { key: string; source: string }[]);
    const match = matchSourceKeys(stored, options.canonicalSources);
    const report: StoreOpenReport = {
      recreated,
      fromVersion,
      toVersion,
      unmatchedCheckpointKeys: match.unmatched,
      createdEmpty,
      previousSessionUnclean,
    };
    return new SqliteMonitorStore(db, lock, path, report, match);
  } catch (error) {
    db?.close();
    lock.release();
    throw error;
  }
}
