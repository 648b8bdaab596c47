/**
 * What the installer needs from the events monitor (R-INS-11, R-MON-3). An interface,
 * so the executor runs unsupervised (no monitor: nothing to tell) and in tests; main.ts
 * backs it with @sysward/ipc's MonitorCoordinationClient.
 */
import type { SysmonState as ReportedState } from '@sysward/agent-runtime';

export interface MonitorLink {
  prepare(reason: string): Promise<void>;
  done(reason: string): Promise<void>;
  setState(notice: { state: ReportedState; managedSinceRecordId: number; logInstanceId: string; reason: string }): Promise<void>;
}

/** No monitor to coordinate with (the installer runs on its own). */
export const NO_MONITOR: MonitorLink = {
  prepare: async () => undefined,
  done: async () => undefined,
  setState: async () => undefined,
};
