/**
 * R-INS-6: did the host go down uncleanly while our Sysmon was installed? The evidence
 * (Kernel-Power 41, EventLog 6008, BugCheck 1001) is written at the boot after the
 * crash, so it concerns the Sysmon that was installed before this boot. One boot's
 * evidence quarantines once: the record keeps the boot it came from.
 */
import type { History, PendingRebootRecord } from '../model/history';
import type { ObservedHost, ObservedSysmonInstall } from '../model/observed-host';

export interface CrashFinding {
  readonly version: string;
  readonly crashAtMs: number;
  readonly bootAtMs: number;
}

export function findCrash(
  observed: ObservedHost,
  history: History,
  ours: ObservedSysmonInstall | null,
  expiredPending: PendingRebootRecord | null,
): CrashFinding | null {
  if (observed.uncleanShutdowns.length === 0) return null;
  const bootAtMs = observed.lastBootAtMs;
  if (history.quarantined.some((q) => q.bootAtMs === bootAtMs)) return null;
  const version = versionInstalledBeforeBoot(observed, history, ours, expiredPending);
  if (version === null) return null;
  const crashAtMs = Math.min(...observed.uncleanShutdowns.map((e) => e.atMs));
  return { version, crashAtMs, bootAtMs };
}

function versionInstalledBeforeBoot(
  observed: ObservedHost,
  history: History,
  ours: ObservedSysmonInstall | null,
  expiredPending: PendingRebootRecord | null,
): string | null {
  const own = history.ownership;
  if (own) return own.installedAtMs < observed.lastBootAtMs ? own.version : null;
  // Our marker without a record: the store lost it, so it was not installed by this run.
  if (ours?.service?.ownershipMarker && ours.service.binaryVersion) return ours.service.binaryVersion;
  // The old Sysmon kept running until this boot while its removal waited for it.
  if (expiredPending?.oldKeepsRunning && expiredPending.sinceMs < observed.lastBootAtMs) return expiredPending.fromVersion;
  return null;
}
