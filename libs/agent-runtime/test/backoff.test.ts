import { backoffDelay, DEFAULT_BACKOFF, validateBackoffPolicy, type BackoffPolicy } from '../src';

const policy: BackoffPolicy = { initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2, jitter: 0.5 };
const noJitter: BackoffPolicy = { ...policy, jitter: 0 };

describe('R-SUP-1 exponential backoff with jitter', () => {
  it.each([
    // policy, attempt, random draw, expected delay
    [noJitter, 0, 0, 100],
    [noJitter, 1, 0.9, 200],
    [noJitter, 3, 0.5, 800],
    [noJitter, 4, 0, 1_000], // capped
    [noJitter, 60, 0, 1_000], // huge attempts stay capped, no Infinity/NaN
    [noJitter, 5000, 0, 1_000],
    [policy, 0, 0, 50], // half of the delay is random: lowest draw gives half
    [policy, 0, 0.5, 75],
    [policy, 0, 0.999, 100],
    [policy, 3, 0, 400],
    [policy, 10, 0.5, 750],
    [{ ...policy, jitter: 1 }, 2, 0, 0], // full jitter can retry at once
    [{ ...policy, multiplier: 1 }, 7, 0.5, 75], // constant backoff
  ] as const)('%j attempt %d draw %d -> %d ms', (p, attempt, random, expected) => {
    expect(backoffDelay(p, attempt, random)).toBe(expected);
  });

  it.each([
    [-1, 0.1, 'attempt must be an integer >= 0, got -1'],
    [1.5, 0.1, 'attempt must be an integer >= 0, got 1.5'],
    [0, 1, 'random draw must be in [0, 1), got 1'],
    [0, -0.1, 'random draw must be in [0, 1), got -0.1'],
    [0, Number.NaN, 'random draw must be in [0, 1), got NaN'],
  ])('rejects attempt %d / draw %d: %s', (attempt, random, message) => {
    expect(() => backoffDelay(policy, attempt, random)).toThrow(message);
  });

  it.each([
    [{ ...policy, initialDelayMs: -1 }, 'initialDelayMs must be a number >= 0'],
    [{ ...policy, maxDelayMs: 10 }, 'maxDelayMs must be a number >= initialDelayMs'],
    [{ ...policy, multiplier: 0.5 }, 'multiplier must be a number >= 1'],
    [{ ...policy, jitter: 2 }, 'jitter must be a number in [0, 1]'],
  ])('validateBackoffPolicy rejects %j', (p, message) => {
    expect(() => validateBackoffPolicy(p, 'restart')).toThrow(`restart: ${message}`);
  });

  it('accepts the default policy', () => {
    expect(validateBackoffPolicy(DEFAULT_BACKOFF)).toBe(DEFAULT_BACKOFF);
  });
});
