/**
 * The host process (`sysward sim run`): plays the kernel and Sysmon's service
 * by pumping whenever any process changed the host, and sleeping otherwise.
 * One per host: a second one would write Sysmon's records twice.
 */
import { PlatformError } from '@sysward/platform';
import type { PumpResult, SimHost } from './sim-host';

export interface HostLoopOptions {
  signal: AbortSignal;
  /** Upper bound on a sleep when nothing changes (a safety net; changes wake the loop at once). */
  idleWaitMs?: number;
  onPump?(result: PumpResult): void;
}

interface HostProcessClaim {
  pid: number;
  startedMs: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function hostProcessOf(host: SimHost): (HostProcessClaim & { alive: boolean }) | null {
  const raw = host.parts.store.getMeta('host.process');
  if (!raw) return null;
  const claim = JSON.parse(raw) as HostProcessClaim;
  return { ...claim, alive: isAlive(claim.pid) };
}

export async function runHostLoop(host: SimHost, options: HostLoopOptions): Promise<void> {
  const { store } = host.parts;
  store.write(() => {
    const current = hostProcessOf(host);
    if (current && current.alive && current.pid !== process.pid) {
      throw new PlatformError('BUSY', `another sim host process (pid ${current.pid}) is running for ${host.file}`, { recoverable: false });
    }
    store.setMeta('host.process', JSON.stringify({ pid: process.pid, startedMs: Date.now() } satisfies HostProcessClaim));
  });
  try {
    while (!options.signal.aborted) {
      const token = store.changes.token();
      const result = host.pump();
      if (result.sysmonEvents > 0 || result.userModeActivities > 0) {
        options.onPump?.(result);
        // Let signals and I/O in between batches of a long backlog.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      await store.changes.wait(token, options.idleWaitMs ?? 5000, options.signal);
    }
  } finally {
    if (store.db.open) {
      store.write(() => {
        if (hostProcessOf(host)?.pid === process.pid) store.db.prepare("DELETE FROM meta WHERE key = 'host.process'").run();
      });
    }
  }
}
