/**
 * Typed errors shared by every component. A caller decides what to do from the
 * `code`, never from the message text.
 */

// PlatformError lives with the platform ports (libs/platform); re-exported so existing imports keep working.
export { PlatformError, type PlatformErrorCode } from '@sysward/platform';

/** Configuration that cannot be used; the message names the key and the file. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly key: string,
    problem: string,
  ) {
    super(`${file}: ${key}: ${problem}`);
  }
}

/** A requested change of a component's status that the state machine forbids. */
export class InvalidTransitionError extends Error {
  override readonly name = 'InvalidTransitionError';
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`invalid component state transition: ${from} -> ${to}`);
  }
}

/** Text for any thrown value, so that status and logs never show "[object Object]". */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
