/**
 * The one error type every platform port throws. Callers branch on `code` and
 * `recoverable`, never on message text, so the Windows adapter and the sim can
 * word their messages differently and still drive the same decisions.
 */

export const PLATFORM_ERROR_CODES = [
  'NOT_FOUND',
  'ACCESS_DENIED',
  'NOT_SUPPORTED',
  'ALREADY_EXISTS',
  'BUSY',
  'STALE_HANDLE',
  'BOOKMARK_NOT_FOUND',
  'INVALID_ARGUMENT',
  'INVALID_STATE',
  'MARKED_FOR_DELETE',
  'UNAVAILABLE',
  'TIMEOUT',
  'OS_CALL_FAILED',
] as const;

export type PlatformErrorCode = (typeof PLATFORM_ERROR_CODES)[number];

export interface PlatformErrorOptions {
  /**
   * Whether retrying the same call later (or after reopening a handle) can
   * succeed. Defaults per code: see `isRecoverableByDefault`.
   */
  recoverable?: boolean;
  /** The native error number (Win32 error, errno) when there is one. */
  errno?: number;
  cause?: unknown;
}

/**
 * Codes that describe a passing condition: a lock held by someone else, a
 * handle invalidated by a clear, a host that is rebooting. Everything else
 * needs a different call or a human.
 */
export function isRecoverableByDefault(code: PlatformErrorCode): boolean {
  return code === 'BUSY' || code === 'STALE_HANDLE' || code === 'UNAVAILABLE' || code === 'TIMEOUT';
}

export class PlatformError extends Error {
  override readonly name = 'PlatformError';
  readonly recoverable: boolean;
  readonly errno: number | undefined;

  constructor(
    readonly code: PlatformErrorCode,
    message: string,
    options: PlatformErrorOptions = {},
  ) {
    super(`${code}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.recoverable = options.recoverable ?? isRecoverableByDefault(code);
    this.errno = options.errno;
  }
}

export function isPlatformError(error: unknown, code?: PlatformErrorCode): error is PlatformError {
  return error instanceof PlatformError && (code === undefined || error.code === code);
}
