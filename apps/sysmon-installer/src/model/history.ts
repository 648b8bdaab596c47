import type { StartType } from './observed-host';

/**
 * What the installer itself did and learned, kept in its SQLite store. Only the
 * journal changes it, through applyOutcome(), in the same transaction that marks
 * the step done; decide() only reads it.
 */

/** The Sysmon we installed, as it looked right after the install (R-INS-1, R-INS-4). */
export interface OwnershipRecord {
  /** The id written into the marker on the service. */
  readonly markerId: string;
  readonly version: string;
  readonly sha256: string;
  readonly serviceName: string;
  readonly driverName: string;
  readonly serviceImagePath: string;
  readonly driverImagePath: string;
  readonly serviceStartType: StartType;
  readonly driverStartType: StartType;
  readonly installedAtMs: number;
}

export interface QuarantineRecord {
  readonly version: string;
  readonly crashAtMs: number;
  /** The boot whose evidence caused it; one boot's evidence quarantines once. */
  readonly bootAtMs: number;
}

export type RepairReason =
  | 'binary-version'
  | 'binary-hash'
  | 'binary-unreadable'
  | 'image-path'
  | 'start-type'
  | 'service-removed'
  | 'driver-removed'
  | 'driver-changed'
  | 'stopped-not-restartable'
  | 'channel-missing'
  | 'config-changed';

export interface RepairRecord {
  readonly reason: RepairReason;
  readonly detail: string;
  readonly atMs: number;
}

/** The Rules hash we read back right after applying a configuration (R-INS-5). */
export interface AppliedConfigRecord {
  readonly configSha256: string;
  /** The binary it was applied with: Rules' encoding belongs to the version. */
  readonly version: string;
  readonly rulesSha256: string;
  readonly atMs: number;
}

export interface FailureRecord {
  readonly key: string;
  readonly count: number;
  readonly lastError: string;
  readonly atMs: number;
}

export type UninstallMethod = 'installed-binary' | 'force';
/** BUG-20's documented order: the installed binary, then force, then removal at reboot. */
export type UninstallStep = UninstallMethod | 'remove-at-reboot';

export interface PendingRebootRecord {
  /** Recorded during the boot it waits out; any later boot ends the wait. */
  readonly sinceMs: number;
  readonly serviceName: string;
  readonly driverName: string;
  readonly fromVersion: string;
  readonly purpose: 'upgrade' | 'repair' | 'quarantine';
  /** True when the old Sysmon keeps running until the reboot (its keys were removed). */
  readonly oldKeepsRunning: boolean;
}

export interface History {
  readonly formatVersion: 1;
  readonly ownership: OwnershipRecord | null;
  readonly quarantined: readonly QuarantineRecord[];
  readonly repairsTotal: number;
  /** Most recent last, at most HISTORY_REPAIRS_KEPT. */
  readonly repairs: readonly RepairRecord[];
  /** The repair being carried out, so a replayed plan does not count it twice. */
  readonly repairInProgress: { readonly reason: RepairReason; readonly sinceMs: number } | null;
  readonly appliedConfig: AppliedConfigRecord | null;
  /** The last apply-config that failed, for this config and version; cleared by a success. */
  readonly configApplyFailure: FailureRecord | null;
  /** Install failures of one version ("version" as key); cleared by a success. */
  readonly installFailure: FailureRecord | null;
  /** Uninstall steps that already failed on the Sysmon we own now, in order (BUG-20). */
  readonly uninstallFailures: readonly UninstallStep[];
  readonly restartFailedAtMs: number | null;
  readonly upgradePendingReboot: PendingRebootRecord | null;
}

export const HISTORY_REPAIRS_KEPT = 50;

export const EMPTY_HISTORY: History = Object.freeze({
  formatVersion: 1,
  ownership: null,
  quarantined: [],
  repairsTotal: 0,
  repairs: [],
  repairInProgress: null,
  appliedConfig: null,
  configApplyFailure: null,
  installFailure: null,
  uninstallFailures: [],
  restartFailedAtMs: null,
  upgradePendingReboot: null,
});
