/**
 * Exponential backoff with jitter. Pure: the random draw is an argument, so the
 * function is tested as a table and callers pass Math.random().
 */
export interface BackoffPolicy {
  /** Delay before the first retry. */
  readonly initialDelayMs: number;
  /** Ceiling for any delay. */
  readonly maxDelayMs: number;
  /** Growth factor per attempt (>= 1). */
  readonly multiplier: number;
  /**
   * Share of the delay that is random, 0..1. With 0.5 a 1 s delay becomes a value
   * in [0.5 s, 1 s): processes that failed together do not retry together.
   */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  multiplier: 2,
  jitter: 0.5,
};

export function validateBackoffPolicy(policy: BackoffPolicy, where = 'backoff policy'): BackoffPolicy {
  const problems: string[] = [];
  if (!Number.isFinite(policy.initialDelayMs) || policy.initialDelayMs < 0) problems.push('initialDelayMs must be a number >= 0');
  if (!Number.isFinite(policy.maxDelayMs) || policy.maxDelayMs < policy.initialDelayMs) problems.push('maxDelayMs must be a number >= initialDelayMs');
  if (!Number.isFinite(policy.multiplier) || policy.multiplier < 1) problems.push('multiplier must be a number >= 1');
  if (!Number.isFinite(policy.jitter) || policy.jitter < 0 || policy.jitter > 1) problems.push('jitter must be a number in [0, 1]');
  if (problems.length > 0) throw new RangeError(`${where}: ${problems.join('; ')}`);
  return policy;
}

/**
 * Delay before retry number `attempt` (0 = first retry).
 * @param random a draw in [0, 1)
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: number): number {
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`backoff attempt must be an integer >= 0, got ${attempt}`);
  if (!(random >= 0 && random < 1)) throw new RangeError(`backoff random draw must be in [0, 1), got ${random}`);
  // Cap the exponent's result before it overflows to Infinity on long outages.
  const exponential = policy.initialDelayMs * Math.pow(policy.multiplier, attempt);
  const ceiling = Math.min(policy.maxDelayMs, Number.isFinite(exponential) ? exponential : policy.maxDelayMs);
  const fixedPart = ceiling * (1 - policy.jitter);
  return Math.round(fixedPart + ceiling * policy.jitter * random);
}
