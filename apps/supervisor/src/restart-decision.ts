import { backoffDelay } from '@sysward/agent-runtime';
import type { RestartPolicy } from './config';

export type RestartDecision =
  | { kind: 'restart'; delayMs: number; crashesInWindow: number }
  | { kind: 'degrade'; crashesInWindow: number; reason: string };

/** Crash times that still count: those within the crash-loop window ending now. */
export function crashesInWindow(crashTimesMs: readonly number[], nowMs: number, windowMs: number): number[] {
  return crashTimesMs.filter((t) => t <= nowMs && nowMs - t < windowMs);
}

/**
 * What to do after a component's process exited without being asked to (R-SUP-1):
 * restart after an exponential backoff that grows with the recent crashes, or,
 * when it crashed maxCrashes times within the window, stop trying (degraded).
 * `crashTimesMs` includes the crash being decided on.
 */
export function decideAfterCrash(crashTimesMs: readonly number[], nowMs: number, policy: RestartPolicy, random: number): RestartDecision {
  const recent = crashesInWindow(crashTimesMs, nowMs, policy.crashLoop.windowMs);
  const count = recent.length;
  if (count >= policy.crashLoop.maxCrashes) {
    return {
      kind: 'degrade',
      crashesInWindow: count,
      reason: `crashed ${count} times within ${formatWindow(policy.crashLoop.windowMs)}`,
    };
  }
  return { kind: 'restart', delayMs: backoffDelay(policy.backoff, Math.max(0, count - 1), random), crashesInWindow: count };
}

function formatWindow(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
