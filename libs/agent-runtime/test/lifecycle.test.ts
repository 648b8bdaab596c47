import { Lifecycle, type LifecyclePhase } from '../src';

function recorder(options: { failStarts?: number } = {}) {
  const calls: string[] = [];
  let failures = options.failStarts ?? 0;
  const phases: LifecyclePhase[] = [];
  const lifecycle = new Lifecycle(
    {
      onStart: async () => {
        calls.push('start');
        if (failures > 0) {
          failures--;
          throw new Error('cannot start');
        }
      },
      onStop: async () => {
        calls.push('stop');
      },
    },
    (phase) => phases.push(phase),
  );
  return { lifecycle, calls, phases };
}

describe('Lifecycle (ARCHITECTURE seam 10: lifecycle tests)', () => {
  it('stop before start is a no-op', async () => {
    const { lifecycle, calls } = recorder();
    await lifecycle.stop();
    expect(calls).toEqual([]);
    expect(lifecycle.current).toBe('stopped');
  });

  it('start and stop are idempotent, also when called concurrently', async () => {
    const { lifecycle, calls } = recorder();
    await Promise.all([lifecycle.start(), lifecycle.start()]);
    await lifecycle.start();
    expect(lifecycle.current).toBe('running');
    await Promise.all([lifecycle.stop(), lifecycle.stop()]);
    await lifecycle.stop();
    expect(calls).toEqual(['start', 'stop']);
  });

  it('start-stop-start works and reports every phase', async () => {
    const { lifecycle, calls, phases } = recorder();
    await lifecycle.start();
    await lifecycle.stop();
    await lifecycle.start();
    expect(calls).toEqual(['start', 'stop', 'start']);
    expect(phases).toEqual(['starting', 'running', 'stopping', 'stopped', 'starting', 'running']);
    await lifecycle.stop();
  });

  it('stop requested during start waits for the start, then stops', async () => {
    const { lifecycle, calls } = recorder();
    const started = lifecycle.start();
    const stopped = lifecycle.stop();
    await started;
    await stopped;
    expect(calls).toEqual(['start', 'stop']);
    expect(lifecycle.current).toBe('stopped');
  });

  it('a failed start leaves it stopped, a later start retries, and stop after the failure does nothing', async () => {
    const { lifecycle, calls } = recorder({ failStarts: 1 });
    await expect(lifecycle.start()).rejects.toThrow('cannot start');
    expect(lifecycle.current).toBe('stopped');
    await lifecycle.stop();
    await lifecycle.start();
    expect(lifecycle.current).toBe('running');
    expect(calls).toEqual(['start', 'start']);
    await lifecycle.stop();
  });

  it('start, stop, start queued in one tick end running with one start after the stop', async () => {
    const { lifecycle, calls } = recorder();
    void lifecycle.start();
    void lifecycle.stop();
    await lifecycle.start();
    expect(calls).toEqual(['start', 'stop', 'start']);
    expect(lifecycle.current).toBe('running');
    await lifecycle.stop();
  });
});
