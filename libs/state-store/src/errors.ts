/**
 * Every failure the store reports carries a code the caller can branch on
 * (pause on DISK_FULL, reopen on CORRUPT, refuse to start on WRITER_LOCKED)
 * and a message that names the store file and the operation.
 */
export type StateStoreErrorCode =
  /** A caller passed a value the store cannot accept; nothing was changed. */
  | 'INVALID_ARGUMENT'
  /** Another live process or connection holds the store's writer lock. */
  | 'WRITER_LOCKED'
  /** The file was written by a newer version of this code; it is left untouched. */
  | 'SCHEMA_TOO_NEW'
  /** A migration step failed; the transaction was rolled back and the file is unchanged. */
  | 'MIGRATION_FAILED'
  /** The store was used after close(). */
  | 'CLOSED'
  /** The disk is full; the operation was rolled back and can be retried later. */
  | 'DISK_FULL'
  /** SQLite found damage while the store was running; close and reopen to recover. */
  | 'CORRUPT'
  /** The file system refused the operation (permissions, read-only media, I/O error). */
  | 'IO_ERROR'
  /** Any other SQLite failure (e.g. a constraint); the transaction was rolled back. */
  | 'INTERNAL';

export class StateStoreError extends Error {
  override readonly name = 'StateStoreError';

  constructor(
    readonly code: StateStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStateStoreError(error: unknown, code?: StateStoreErrorCode): error is StateStoreError {
  return error instanceof StateStoreError && (code === undefined || error.code === code);
}

/** SQLite result codes as better-sqlite3 reports them, e.g. "SQLITE_CORRUPT_INDEX". */
export function sqliteCodeOf(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  }
  return null;
}

/** Damage that moving the file aside and starting empty can cure. */
export function isDamagedDatabaseError(error: unknown): boolean {
  const code = sqliteCodeOf(error);
  return code !== null && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

/** Duck-typed: errors from a native module may come from another realm (e.g. under Jest), failing instanceof. */
export function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const message = (error as { message: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return String(error);
}

const IO_CODE = /^SQLITE_(IOERR|CANTOPEN|READONLY|PERM|NOLFS|BUSY|LOCKED)/;

/** Translates a SQLite failure during normal operation into the store's error vocabulary. */
export function toStateStoreError(error: unknown, path: string, operation: string): StateStoreError {
  if (error instanceof StateStoreError) return error;
  const code = sqliteCodeOf(error);
  const detail = `${code ?? 'error'}: ${messageOf(error)}`;
  let mapped: StateStoreErrorCode = 'INTERNAL';
  if (code === 'SQLITE_FULL') mapped = 'DISK_FULL';
  else if (isDamagedDatabaseError(error)) mapped = 'CORRUPT';
  else if (code !== null && IO_CODE.test(code)) mapped = 'IO_ERROR';
  return new StateStoreError(mapped, `state store ${path}: ${operation} failed (${detail})`, { cause: error });
}
