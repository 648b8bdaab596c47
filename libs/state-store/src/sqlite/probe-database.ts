import * as fs from 'node:fs';
import Database from 'better-sqlite3';
import { isDamagedDatabaseError, sqliteCodeOf, StateStoreError, messageOf } from '../errors';
import { APPLICATION_ID, type Migration, tablesExpectedAt } from './schema';
import { orphanCompanions } from './move-aside';
import { schemaTooNewError } from './migrate';

/**
 * What an existing path holds, decided before anything is written to it.
 * Only damage that starting empty can cure is "unusable"; everything else
 * (permissions, I/O errors, a file from a newer release) is thrown, because
 * moving the file aside would not help and might throw away good data.
 */
export type ProbeResult =
  | { kind: 'missing'; orphans: string[] }
  | { kind: 'unusable'; reason: string }
  | { kind: 'usable'; version: number };

export interface ProbeOptions {
  busyTimeoutMs: number;
  /** Read every page (PRAGMA quick_check). Costs a full read of the file, so it runs only when asked. */
  fullCheck: boolean;
  migrations: readonly Migration[];
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

function inspect(db: Database.Database, path: string, options: ProbeOptions): { unusable: string } | { version: number } {
  // Reading the header and the schema is what exposes garbage, zero-filled and truncated files.
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (row) => row.name,
  );
  const known = options.migrations.length;

  if (tables.length === 0 && version === 0 && (applicationId === 0 || applicationId === APPLICATION_ID)) {
    return { version: 0 };
  }
  if (applicationId !== APPLICATION_ID) {
    return {
      unusable:
        `a SQLite database that is not a Sysward monitor store (application_id ${hex(applicationId)}, ` +
        `expected ${hex(APPLICATION_ID)}; tables: ${tables.slice(0, 10).join(', ') || 'none'})`,
    };
  }
  if (version > known) throw schemaTooNewError(path, version, known);
  const missing = tablesExpectedAt(version, options.migrations).filter((table) => !tables.includes(table));
  if (version === 0 || missing.length > 0) {
    return { unusable: `schema damaged: version ${version} but tables missing: ${missing.join(', ') || 'all'}` };
  }
  // Touch the structures the store reads first, so damage there shows now rather than mid-run.
  db.prepare('SELECT count(*) FROM meta').get();
  db.prepare('SELECT count(*) FROM checkpoints').get();
  db.prepare('SELECT min(seq), max(seq) FROM outbox').get();
  if (options.fullCheck) {
    const problems = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((row) => row.quick_check);
    if (problems.length !== 1 || problems[0] !== 'ok') return { unusable: `integrity check failed: ${problems.join('; ')}` };
  }
  return { version };
}

export function probeDatabase(path: string, options: ProbeOptions): ProbeResult {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing', orphans: orphanCompanions(path) };
    throw new StateStoreError('IO_ERROR', `state store ${path}: cannot stat: ${messageOf(error)}`, { cause: error });
  }
  if (!stat.isFile()) {
    return { kind: 'unusable', reason: `the path is a ${stat.isDirectory() ? 'directory' : 'special file'}, not a database file` };
  }

  let db: Database.Database;
  try {
    // Read-only, so that closing this connection cannot checkpoint a -wal into a damaged file
    // or delete it: what gets moved aside is exactly what was found.
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: options.busyTimeoutMs });
  } catch (error) {
    throw new StateStoreError('IO_ERROR', `state store ${path}: cannot open: ${messageOf(error)}`, { cause: error });
  }
  try {
    const verdict = inspect(db, path, options);
    return 'unusable' in verdict ? { kind: 'unusable', reason: verdict.unusable } : { kind: 'usable', version: verdict.version };
  } catch (error) {
    if (error instanceof StateStoreError) throw error;
    if (isDamagedDatabaseError(error)) {
      return { kind: 'unusable', reason: `not a readable SQLite database (${sqliteCodeOf(error)}: ${messageOf(error)})` };
    }
    throw new StateStoreError('IO_ERROR', `state store ${path}: cannot read: ${messageOf(error)}`, { cause: error });
  } finally {
    db.close();
  }
}
