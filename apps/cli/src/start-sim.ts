/**
 * `sysward start` on a simulated host: the same as `sysward sim init` when there is
 * none yet, plus one managed Sysmon release already past its soak (R-INS-7), so the
 * installer has something to install on a fresh host. An existing host is left as is.
 */
import { SimHost, simDatabasePath } from '@sysward/platform-sim';
import * as fs from 'node:fs';

export const START_SIM_RELEASE = '15.15';
const SOAKED_AGO_MS = 60 * 86_400_000;

export function ensureStartSim(home: string): { created: boolean; description: string } {
  if (fs.existsSync(simDatabasePath(home))) return { created: false, description: `${simDatabasePath(home)} (existing)` };
  const host = SimHost.create(home);
  try {
    host.publishRelease(START_SIM_RELEASE, { releasedMs: host.clock.now() - SOAKED_AGO_MS });
  } finally {
    host.close();
  }
  return { created: true, description: `${simDatabasePath(home)} (created, Sysmon ${START_SIM_RELEASE} released 60 days ago)` };
}
