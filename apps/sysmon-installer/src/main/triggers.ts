/**
 * When to reconcile (R-INS-5, R-INS-6, R-INS-11): periodically, on Sysmon's own events 4/16/255, on a boot,
 * and on registry changes under Services (a service or driver key touched, the Rules
 * value rewritten silently). Bursts are merged: one round after the host settles.
 */
import { SYSMON_OPERATIONAL_CHANNEL, isPlatformError, type PlatformPorts, type RegistryWatch } from '@sysward/platform';
import { reconcileNowOnSysmonEvent } from '../reconcile-triggers';
import { SERVICES_KEY } from '../host/sysmon-paths';

/** Kernel-General 12 and EventLog 6005 (boot), Kernel-Power 41, EventLog 6008, BugCheck 1001 (unclean end). */
const BOOT_EVENTS = new Set([12, 6005, 41, 6008, 1001]);

export interface TriggerOptions {
  readonly ports: PlatformPorts;
  readonly intervalMs: number;
  /** Quiet time after a notification before the round runs. */
  readonly settleMs?: number;
  readonly onTrigger: (why: string) => void;
  readonly signal: AbortSignal;
}

export async function startTriggers(options: TriggerOptions): Promise<() => void> {
  const { ports, signal } = options;
  const settleMs = options.settleMs ?? 500;
  let pending: NodeJS.Timeout | null = null;
  const soon = (why: string): void => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      if (!signal.aborted) options.onTrigger(why);
    }, settleMs);
  };
  const periodic = setInterval(() => options.onTrigger('periodic'), options.intervalMs);
  let watch: RegistryWatch | null = await ports.registry.watch(SERVICES_KEY, { subtree: true }, () => soon('registry change under Services'));
  void watchChannel(ports, SYSMON_OPERATIONAL_CHANNEL, (id) => reconcileNowOnSysmonEvent(id), options.intervalMs, signal, soon);
  // A boot, and the unclean-shutdown evidence written at it (R-INS-6): look at once.
  void watchChannel(ports, 'System', (id) => BOOT_EVENTS.has(id), options.intervalMs, signal, soon);
  return () => {
    clearInterval(periodic);
    if (pending) clearTimeout(pending);
    watch?.close();
    watch = null;
  };
}

/**
 * Follows a channel for events that mean "look now". While the channel is
 * absent (Sysmon's, when it is not installed) it retries every interval; when reading broke for any
 * other reason (host down, log cleared) it retries within a second, and the host
 * coming back is itself a reason to look (a reboot, R-INS-6).
 */
async function watchChannel(
  ports: PlatformPorts,
  channel: string,
  wanted: (eventId: number) => boolean,
  retryMs: number,
  signal: AbortSignal,
  onEvent: (why: string) => void,
): Promise<void> {
  let broken = false;
  while (!signal.aborted) {
    try {
      const sub = await ports.channels.subscribe(channel, { kind: 'future' });
      if (broken) onEvent(`${channel} is readable again`);
      broken = false;
      try {
        while (!signal.aborted) {
          const records = await sub.next({ max: 1000, timeoutMs: 60_000, signal });
          const hit = records.find((r) => wanted(r.eventId));
          if (hit) onEvent(`${channel} event ${hit.eventId}`);
        }
      } finally {
        await sub.close().catch(() => undefined);
      }
    } catch (error) {
      if (signal.aborted) return;
      const absent = isPlatformError(error) && error.code === 'NOT_FOUND';
      broken = !absent;
      await sleep(absent ? retryMs : 1000, signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
