/**
 * Lets a reader that sleeps (backoff, hold, pause) be woken at once by a
 * control call, instead of every control call waiting out a poll interval.
 */
export class WakeSignal {
  private readonly waiters: (() => void)[] = [];

  wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves on wake(), on abort, or after `ms` (never, when ms is null). */
  wait(ms: number | null, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = ms === null ? undefined : setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      const waiters = this.waiters;
      waiters.push(done);
      function done(): void {
        if (timer !== undefined) clearTimeout(timer);
        signal.removeEventListener('abort', done);
        const at = waiters.indexOf(done);
        if (at !== -1) waiters.splice(at, 1);
        resolve();
      }
    });
  }
}
