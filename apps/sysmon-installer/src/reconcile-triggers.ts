/**
 * When to reconcile besides the periodic full pass (R-INS-5, R-INS-11): Sysmon's own
 * events 16 (configuration changed), 4 (service state changed) and 255 (error) each
 * mean the host may have moved away from the desired state just now.
 */
export const SYSMON_CONFIG_CHANGED = 16;
export const SYSMON_SERVICE_STATE_CHANGED = 4;
export const SYSMON_ERROR = 255;

export const DEFAULT_RECONCILE_INTERVAL_MS = 10 * 60_000;

export function reconcileNowOnSysmonEvent(eventId: number): boolean {
  return eventId === SYSMON_CONFIG_CHANGED || eventId === SYSMON_SERVICE_STATE_CHANGED || eventId === SYSMON_ERROR;
}
