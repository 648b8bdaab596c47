import { expect } from '@jest/globals';
import { PlatformError, type PlatformErrorCode } from '../errors';

/** Awaits `action` and asserts it failed with a PlatformError of `code`; returns the error for further checks. */
export async function expectPlatformError(action: Promise<unknown> | (() => Promise<unknown>), code: PlatformErrorCode): Promise<PlatformError> {
  let thrown: unknown = undefined;
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (error) {
    thrown = error;
  }
  const summary = thrown instanceof PlatformError ? thrown.code : thrown === undefined ? 'no error' : String(thrown);
  expect(summary).toBe(code);
  return thrown as PlatformError;
}

let counter = 0;
/** Names that do not collide between tests or runs on a real host. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}${counter}`;
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 3000, stepMs = 10): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
