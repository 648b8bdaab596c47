import type { RepairReason, UninstallMethod } from './history';

export type ForeignKind = 'standard' | 'renamed' | 'inbox';

export interface InstallNames {
  readonly service: string | null;
  readonly driver: string | null;
}

export type ManagedReason =
  | 'in-desired-state'
  | 'installing'
  | 'repairing'
  | 'restarting'
  | 're-applying-config'
  | 'upgrading'
  | 'upgrade-pending-reboot'
  /** Sysmon is ours and healthy but keeps its previous configuration (BUG-17). */
  | 'config-not-applied';

export type FailedReason =
  | 'install-failed'
  | 'no-eligible-release'
  | 'repair-limit'
  | 'self-managed-without-sysmon'
  | 'pending-reboot'
  | 'uninstall-failed';

/**
 * The Sysmon state the installer reports once this decision's actions have run; the
 * supervisor alone turns it into a collector choice (R-INS-1).
 */
export type SysmonState =
  | { readonly status: 'MANAGED'; readonly version: string; readonly reason: ManagedReason; readonly detail: string }
  | {
      readonly status: 'FOREIGN_SYSMON';
      readonly kind: ForeignKind;
      readonly installs: readonly InstallNames[];
      readonly reason: 'foreign-present';
      readonly detail: string;
    }
  | { readonly status: 'UNSUPPORTED'; readonly reason: 'os-too-old'; readonly detail: string }
  | { readonly status: 'FAILED'; readonly reason: FailedReason; readonly detail: string }
  | {
      readonly status: 'QUARANTINED';
      readonly versions: readonly string[];
      readonly reason: 'unclean-shutdown' | 'awaiting-newer-release';
      readonly detail: string;
    };

/** Which operation a monitor notification brackets (R-INS-11). */
export type Operation = 'install' | 'repair' | 'upgrade' | 'apply-config' | 'restart' | 'quarantine';

/** A binary the actuator may run, and the SHA-256 it must have before it does (R-INS-9). */
export interface BinaryRef {
  readonly version: string;
  readonly sha256: string;
  /** The file the service's ImagePath names (BUG-20), or our verified package copy. */
  readonly from: 'service-image-path' | 'package-store';
}

export type RemovalPurpose = 'upgrade' | 'repair' | 'quarantine';

export type Action =
  | { readonly kind: 'notify-monitor'; readonly phase: 'before' | 'after'; readonly operation: Operation }
  | { readonly kind: 'install'; readonly version: string; readonly sha256: string; readonly configSha256: string }
  | {
      readonly kind: 'uninstall';
      readonly using: UninstallMethod;
      readonly binary: BinaryRef;
      readonly serviceName: string | null;
      readonly driverName: string | null;
      /** The version being removed, which a pending reboot then records. */
      readonly installedVersion: string;
      readonly purpose: RemovalPurpose;
    }
  | {
      /** BUG-20's last resort: delete the service and driver keys; effective at the next boot. */
      readonly kind: 'remove-at-reboot';
      readonly serviceName: string;
      readonly driverName: string;
      readonly fromVersion: string;
      readonly purpose: RemovalPurpose;
    }
  | { readonly kind: 'apply-config'; readonly version: string; readonly configSha256: string }
  | { readonly kind: 'restart-service'; readonly serviceName: string }
  | { readonly kind: 'quarantine'; readonly version: string; readonly crashAtMs: number; readonly bootAtMs: number }
  | { readonly kind: 'record-repair'; readonly reason: RepairReason; readonly detail: string }
  /** Our marker is on the service but the store has no record of it: take the record from the host. */
  | { readonly kind: 'record-ownership'; readonly markerId: string };

export interface Decision {
  readonly state: SysmonState;
  readonly actions: readonly Action[];
  /** Problems that do not change the state but must be visible in status. */
  readonly notes: readonly string[];
}
