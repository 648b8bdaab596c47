import { crashesInWindow, decideAfterCrash, type RestartPolicy } from '../src';

const policy: RestartPolicy = {
  backoff: { initialDelayMs: 100, maxDelayMs: 2_000, multiplier: 2, jitter: 0 },
  crashLoop: { maxCrashes: 5, windowMs: 60_000 },
  stopGraceMs: 1_000,
  degradedRetryMs: 0,
};

describe('R-SUP-1 restart with exponential backoff, degraded after a crash loop', () => {
  it.each([
    // crash times (s), now (s), expected
    [[0], 0, { kind: 'restart', delayMs: 100, crashesInWindow: 1 }],
    [[0, 1], 1, { kind: 'restart', delayMs: 200, crashesInWindow: 2 }],
    [[0, 1, 2], 2, { kind: 'restart', delayMs: 400, crashesInWindow: 3 }],
    [[0, 1, 2, 3], 3, { kind: 'restart', delayMs: 800, crashesInWindow: 4 }],
    [[0, 1, 2, 3, 4], 4, { kind: 'degrade', crashesInWindow: 5, reason: 'crashed 5 times within 60 s' }],
    // old crashes fall out of the window: a component that crashes once an hour is never degraded
    [[0, 3600, 7200, 10800, 14400], 14400, { kind: 'restart', delayMs: 100, crashesInWindow: 1 }],
    [[0, 30, 59, 61, 62], 62, { kind: 'restart', delayMs: 800, crashesInWindow: 4 }],
    [[0, 30, 59, 59.5, 59.9], 59.9, { kind: 'degrade', crashesInWindow: 5, reason: 'crashed 5 times within 60 s' }],
  ])('crashes at %j s, now %d s -> %j', (times, now, expected) => {
    expect(decideAfterCrash(times.map((t) => t * 1000), now * 1000, policy, 0)).toEqual(expected);
  });

  it('the backoff is capped at maxDelayMs and its jitter comes from the random draw', () => {
    const many = { ...policy, crashLoop: { maxCrashes: 100, windowMs: 60_000 } };
    const times = Array.from({ length: 20 }, (_, i) => i);
    expect(decideAfterCrash(times, 19, many, 0)).toMatchObject({ kind: 'restart', delayMs: 2_000 });
    const jittered = { ...policy, backoff: { ...policy.backoff, jitter: 0.5 } };
    expect(decideAfterCrash([0], 0, jittered, 0)).toMatchObject({ delayMs: 50 });
    expect(decideAfterCrash([0], 0, jittered, 0.5)).toMatchObject({ delayMs: 75 });
  });

  it('a window given in ms that is not whole seconds is spelled in ms', () => {
    const p = { ...policy, crashLoop: { maxCrashes: 1, windowMs: 1500 } };
    expect(decideAfterCrash([0], 0, p, 0)).toMatchObject({ kind: 'degrade', reason: 'crashed 1 times within 1500 ms' });
  });

  it.each([
    [[1, 2, 3], 3, 10, [1, 2, 3]],
    [[1, 2, 3], 12, 10, [3]],
    [[1, 2, 3], 13, 10, []],
    [[5, 50], 4, 10, []], // from the future (clock stepped back): ignored
  ])('crashesInWindow(%j, now %d, window %d) = %j', (times, now, window, expected) => {
    expect(crashesInWindow(times, now, window)).toEqual(expected);
  });
});
