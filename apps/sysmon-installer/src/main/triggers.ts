/**
 * When to reconcile (R-INS-5, R-INS-11): periodically, on Sysmon's own events 4/16/255,
 * and on registry changes under Services (a service or driver key touched, the Rules
 * value rewritten silently). Bursts are merged: one round after the host settles.
 */
import { SYSMON_OPERATIONAL_CHANNEL, type PlatformPorts, type RegistryWatch } from '@sysward/platform';
import { reconcileNowOnSysmonEvent } from '../reconcile-triggers';
import { SERVICES_KEY } from '../host/sysmon-paths';

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
  void watchChannel(ports, options.intervalMs, signal, (id) => soon(`Sysmon event ${id}`));
  return () => {
    clearInterval(periodic);
    if (pending) clearTimeout(pending);
    watch?.close();
    watch = null;
  };
}

/** Follows the Sysmon channel for events that mean "look now"; while it is absent, retries every interval. */
async function watchChannel(ports: PlatformPorts, retryMs: number, signal: AbortSignal, onEvent: (eventId: number) => void): Promise<void> {
  while (!signal.aborted) {
    try {
      const sub = await ports.channels.subscribe(SYSMON_OPERATIONAL_CHANNEL, { kind: 'future' });
      try {
        while (!signal.aborted) {
          const records = await sub.next({ max: 1000, timeoutMs: 60_000, signal });
          const hit = records.find((r) => reconcileNowOnSysmonEvent(r.eventId));
          if (hit) onEvent(hit.eventId);
        }
      } finally {
        await sub.close().catch(() => undefined);
      }
    } catch {
      // No channel (Sysmon not installed), cleared under us, or aborted: wait and subscribe again.
      await sleep(retryMs, signal);
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
