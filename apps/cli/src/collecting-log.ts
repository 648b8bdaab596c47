import type { MonitorLog } from '@sysward/events-monitor';

/** A MonitorLog for one-shot commands: keeps warnings and errors to print after the summary. */
export function collectingLog(): MonitorLog & { warnings(): string[] } {
  const kept: string[] = [];
  const keep = (obj: object, msg: string): void => {
    kept.push(`${msg} ${JSON.stringify(obj)}`);
  };
  return { info: () => undefined, warn: keep, error: keep, warnings: () => kept };
}
