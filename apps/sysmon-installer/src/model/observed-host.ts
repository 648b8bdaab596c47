/**
 * What one look at the host found. Produced by the port-backed observer (or a test),
 * consumed by decide(). Plain data, JSON-serialisable, times in epoch milliseconds.
 */

/** The Service Control Manager's start types (SERVICE_BOOT_START ... SERVICE_DISABLED). */
export type StartType = 'boot' | 'system' | 'auto' | 'demand' | 'disabled';

export type RunState = 'running' | 'stopped' | 'start-pending' | 'stop-pending' | 'paused' | 'unknown';

export interface ObservedService {
  /** The real service name, whatever it is (Sysmon64, Sysmon, or renamed: BUG-21). */
  readonly name: string;
  /** The ImagePath value as configured, e.g. C:\Windows\Sysmon64.exe. */
  readonly imagePath: string;
  readonly startType: StartType;
  readonly state: RunState;
  /** From the binary's version resource, in Sysinternals' spelling ("15.15"); null if unreadable. */
  readonly binaryVersion: string | null;
  /** Lower-case hex SHA-256 of the file at imagePath; null if it is missing or unreadable. */
  readonly binarySha256: string | null;
  /** The raw ownership marker value on the service key, if any (see ownership-marker.ts). */
  readonly ownershipMarker: string | null;
}

export interface ObservedDriver {
  readonly name: string;
  readonly imagePath: string;
  readonly startType: StartType;
  readonly state: RunState;
  /** Minifilter altitude; Sysmon's is 385201 whatever the driver is called (BUG-21). */
  readonly altitude: string | null;
  readonly binarySha256: string | null;
}

/**
 * One Sysmon found on the host: a service and/or driver identified as Sysmon by what
 * the binaries are, never by their names. Either half may be missing (removed, or
 * left behind until a reboot).
 */
export interface ObservedSysmonInstall {
  readonly service: ObservedService | null;
  readonly driver: ObservedDriver | null;
  /** Windows 11 / Server 2025 inbox Sysmon (optional feature, serviced by Windows Update). */
  readonly inbox: boolean;
  /** SHA-256 of Services\<driver>\Parameters\Rules (REG_BINARY); null when absent. */
  readonly appliedRulesSha256: string | null;
}

export type UncleanShutdownSource = 'kernel-power-41' | 'eventlog-6008' | 'bugcheck-1001';

/** A System-channel record written at this boot saying the previous shutdown was unclean. */
export interface UncleanShutdownEvidence {
  readonly source: UncleanShutdownSource;
  /** When the host went down if the record says so (6008), else when the record was written. */
  readonly atMs: number;
}

export interface ObservedHost {
  /** Windows version as major.minor.build ("10.0.17763"). */
  readonly osVersion: string;
  readonly lastBootAtMs: number;
  /** Every Sysmon found, ours or not. */
  readonly installs: readonly ObservedSysmonInstall[];
  /** Evidence, from this boot's System channel, that the shutdown before it was unclean. */
  readonly uncleanShutdowns: readonly UncleanShutdownEvidence[];
  /** Windows reports a pending reboot (pending file renames, CBS, Windows Update). */
  readonly pendingReboot: boolean;
  /** Microsoft-Windows-Sysmon/Operational is registered. */
  readonly channelPresent: boolean;
}
