import { backoffDelay, type BackoffPolicy } from '@sysward/agent-runtime';

/** Sink retries: 200 ms doubling to at most 60 s, half of it random so agents that failed together spread out. */
export const SINK_RETRY: BackoffPolicy = { initialDelayMs: 200, maxDelayMs: 60_000, multiplier: 2, jitter: 0.5 };

/** Delay before retry number `attempt` (1-based) of a failed delivery. */
export function retryDelayMs(attempt: number): number {
  return backoffDelay(SINK_RETRY, attempt - 1, Math.random());
}
