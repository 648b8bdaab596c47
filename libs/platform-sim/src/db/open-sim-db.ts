/**
 * Opens the shared host file the way every process must for several of them
 * to write safely: WAL (readers never block the writer), a busy timeout (a
 * writer waits for another's immediate transaction instead of failing), and
 * synchronous=NORMAL (a sim may lose its last transaction on power loss of the
 * real machine; it must never corrupt).
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PlatformError } from '@sysward/platform';
import { SCHEMA_V1, SIM_APPLICATION_ID, SIM_SCHEMA_VERSION } from './schema';

export const BUSY_TIMEOUT_MS = 10_000;

export function simDatabasePath(home: string): string {
  return path.join(home, 'sim', 'host.db');
}

function configure(db: Database.Database): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (String(mode).toLowerCase() !== 'wal') throw new PlatformError('NOT_SUPPORTED', `the sim database needs WAL, got journal_mode ${String(mode)}`);
  db.pragma('synchronous = NORMAL');
}

/** Creates a new, empty host file (schema only). ALREADY_EXISTS unless `replace`. */
export function createSimDatabase(file: string, replace: boolean): Database.Database {
  if (fs.existsSync(file)) {
    if (!replace) throw new PlatformError('ALREADY_EXISTS', `${file} already exists (use --force to start a new host)`);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    configure(db);
    db.transaction(() => {
      db.exec(SCHEMA_V1);
      db.pragma(`application_id = ${SIM_APPLICATION_ID}`);
      db.pragma(`user_version = ${SIM_SCHEMA_VERSION}`);
    }).immediate();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Opens an existing host file; NOT_FOUND when there is none, INVALID_STATE when it is not (this version of) a sim host. */
export function openSimDatabase(file: string): Database.Database {
  if (!fs.existsSync(file)) throw new PlatformError('NOT_FOUND', `no simulated host at ${file} (run \`sysward sim init\` first)`);
  const db = new Database(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    configure(db);
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (appId !== SIM_APPLICATION_ID) throw new PlatformError('INVALID_STATE', `${file} is not a Sysward sim host (application_id ${appId})`);
    if (version !== SIM_SCHEMA_VERSION) {
      throw new PlatformError('INVALID_STATE', `${file} has sim schema ${version}, this build reads ${SIM_SCHEMA_VERSION}: recreate it with \`sysward sim init --force\``);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
