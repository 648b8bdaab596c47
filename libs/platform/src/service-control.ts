/**
 * Service Control Manager port: Win32 services and driver services alike,
 * because Sysmon is both (a service and a minifilter driver service) and
 * tampering can hit either.
 */

export type ServiceKind = 'kernel-driver' | 'file-system-driver' | 'own-process' | 'share-process';
export type StartType = 'boot' | 'system' | 'auto' | 'demand' | 'disabled';
export type ServiceState = 'stopped' | 'start-pending' | 'stop-pending' | 'running' | 'continue-pending' | 'pause-pending' | 'paused';
/** SERVICE_CONFIG_LAUNCH_PROTECTED: Sysmon 15+ runs as antimalware-light (BUG-20). */
export type LaunchProtection = 'none' | 'windows' | 'windows-light' | 'antimalware-light';

export const DRIVER_KINDS: readonly ServiceKind[] = ['kernel-driver', 'file-system-driver'];

export interface ServiceSpec {
  name: string;
  displayName?: string;
  kind: ServiceKind;
  startType: StartType;
  /** As stored in ImagePath: may be quoted, carry arguments, or (drivers) be relative to %SystemRoot%. */
  imagePath: string;
  description?: string | null;
  launchProtected?: LaunchProtection;
}

export interface ServiceInfo {
  /** The name as Windows stores it (lookups are case-insensitive). */
  name: string;
  displayName: string;
  kind: ServiceKind;
  startType: StartType;
  imagePath: string;
  description: string | null;
  launchProtected: LaunchProtection;
  state: ServiceState;
  pid: number | null;
  /** Win32 exit code of the last stop (1067 = the process ended unexpectedly). */
  exitCode: number;
  /** DeleteService was called while the service was running: it disappears once stopped (or at reboot). */
  deletePending: boolean;
}

export type ServiceChange = Partial<Pick<ServiceSpec, 'displayName' | 'startType' | 'imagePath' | 'description'>>;

export interface ServiceFilter {
  kinds?: readonly ServiceKind[];
}

/**
 * Errors (PlatformError codes): NOT_FOUND (no such service, or its image file
 * is missing on start), ALREADY_EXISTS (create), INVALID_STATE (start of a
 * running or disabled service, stop of a stopped one), MARKED_FOR_DELETE,
 * ACCESS_DENIED (a launch-protected service refuses stop, change and delete).
 */
export interface ServiceControlPort {
  /** null when the service does not exist. */
  query(name: string): Promise<ServiceInfo | null>;
  list(filter?: ServiceFilter): Promise<ServiceInfo[]>;
  create(spec: ServiceSpec): Promise<void>;
  change(name: string, change: ServiceChange): Promise<void>;
  /** Marks the service for deletion; a stopped service is gone at once, a running one when it stops. */
  delete(name: string): Promise<void>;
  /** Resolves once the service is running. */
  start(name: string): Promise<void>;
  /** Resolves once the service is stopped. */
  stop(name: string): Promise<void>;
}
