import * as fs from 'node:fs';
import * as os from 'node:os';
import Database from 'better-sqlite3';
import { isDamagedDatabaseError, sqliteCodeOf, StateStoreError, messageOf } from '../errors';

/**
 * One writing process per store file.
 *
 * Node has no flock(), so the lock is borrowed from SQLite: `<db>.lock` is an
 * empty SQLite file on which the holder keeps a write transaction open
 * (BEGIN IMMEDIATE, RESERVED lock, nothing ever written). The operating
 * system drops that lock when the holder's handle closes, including on
 * SIGKILL / TerminateProcess, so a killed writer never blocks its successor;
 * and SQLite also refuses a second connection inside the same process.
 * A pid file would be both racy to take over and fooled by pid reuse.
 *
 * `<db>.lock-owner` says who holds the lock, for the refusal message. It is
 * deleted on a clean release, so finding one when taking the lock means the
 * previous writer did not close the store.
 */
export interface WriterLock {
  readonly lockPath: string;
  /** Whether `<db>.lock` existed before: the store path has been used before. */
  readonly lockFileExisted: boolean;
  /** Owner record left by a writer that did not release the lock, if any. */
  readonly staleOwner: OwnerRecord | null;
  release(): void;
}

export interface OwnerRecord {
  pid: number;
  hostname: string;
  acquiredAt: string;
}

function readOwner(ownerPath: string): OwnerRecord | 'unreadable' | null {
  let text: string;
  try {
    text = fs.readFileSync(ownerPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return 'unreadable';
  }
  try {
    const parsed = JSON.parse(text) as Partial<OwnerRecord>;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string' && typeof parsed.acquiredAt === 'string') {
      return { pid: parsed.pid, hostname: parsed.hostname, acquiredAt: parsed.acquiredAt };
    }
  } catch {
    // A writer killed while writing the record leaves a partial file: still evidence of an unclean exit.
  }
  return 'unreadable';
}

function describeOwner(owner: OwnerRecord | 'unreadable' | null): string {
  if (owner === null || owner === 'unreadable') return 'owner unknown';
  return `held by pid ${owner.pid} on ${owner.hostname} since ${owner.acquiredAt}`;
}

function tryBegin(lockPath: string, timeoutMs: number): Database.Database {
  const connection = new Database(lockPath, { timeout: timeoutMs });
  try {
    // Nothing is ever written, so no journal file is needed; this also leaves nothing behind on SIGKILL.
    connection.pragma('journal_mode = MEMORY');
    connection.exec('BEGIN IMMEDIATE');
    return connection;
  } catch (error) {
    connection.close();
    throw error;
  }
}

export function acquireWriterLock(dbPath: string, options: { timeoutMs: number; now: () => number }): WriterLock {
  const lockPath = `${dbPath}.lock`;
  const ownerPath = `${dbPath}.lock-owner`;
  const lockFileExisted = fs.existsSync(lockPath);

  let connection: Database.Database;
  try {
    try {
      connection = tryBegin(lockPath, options.timeoutMs);
    } catch (error) {
      // The lock file carries no data; if something scribbled over it, an empty file serves again.
      if (!isDamagedDatabaseError(error)) throw error;
      fs.writeFileSync(lockPath, '');
      connection = tryBegin(lockPath, options.timeoutMs);
    }
  } catch (error) {
    if (sqliteCodeOf(error) === 'SQLITE_BUSY') {
      throw new StateStoreError(
        'WRITER_LOCKED',
        `state store ${dbPath} is already open for writing by another process or connection ` +
          `(lock ${lockPath}, ${describeOwner(readOwner(ownerPath))}); only one writer per store file is allowed`,
        { cause: error },
      );
    }
    throw new StateStoreError(
      'IO_ERROR',
      `state store ${dbPath}: cannot take the writer lock ${lockPath}: ${messageOf(error)}`,
      { cause: error },
    );
  }

  const previous = readOwner(ownerPath);
  const staleOwner: OwnerRecord | null =
    previous === null ? null : previous === 'unreadable' ? { pid: -1, hostname: 'unknown', acquiredAt: 'unknown' } : previous;
  try {
    const record: OwnerRecord = { pid: process.pid, hostname: os.hostname(), acquiredAt: new Date(options.now()).toISOString() };
    fs.writeFileSync(ownerPath, `${JSON.stringify(record)}\n`);
  } catch (error) {
    connection.close();
    throw new StateStoreError('IO_ERROR', `state store ${dbPath}: cannot write ${ownerPath}: ${messageOf(error)}`, {
      cause: error,
    });
  }

  let released = false;
  return {
    lockPath,
    lockFileExisted,
    staleOwner,
    release() {
      if (released) return;
      released = true;
      // The owner record goes first: once the lock is free a successor may write its own.
      try {
        fs.rmSync(ownerPath, { force: true });
      } finally {
        connection.close();
      }
    },
  };
}
