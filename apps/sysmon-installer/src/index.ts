// Types of the decision (R-INS-8)
export type {
  ObservedHost,
  ObservedSysmonInstall,
  ObservedService,
  ObservedDriver,
  StartType,
  RunState,
  UncleanShutdownEvidence,
  UncleanShutdownSource,
} from './model/observed-host';
export type { DesiredState, ReleaseEntry, ManagedConfig } from './model/desired-state';
export { DEFAULT_POLICY, type Policy } from './model/policy';
export {
  EMPTY_HISTORY,
  type History,
  type OwnershipRecord,
  type QuarantineRecord,
  type RepairReason,
  type RepairRecord,
  type PendingRebootRecord,
  type UninstallMethod,
  type UninstallStep,
} from './model/history';
export type {
  Action,
  BinaryRef,
  Decision,
  ForeignKind,
  ManagedReason,
  FailedReason,
  Operation,
  RemovalPurpose,
  SysmonState,
} from './model/decision';

// The decision and what results do to History
export { decide } from './decide/decide';
export { applyOutcome, type ActionOutcome } from './outcome/apply-outcome';
export { ownershipFromHost } from './outcome/ownership-from-host';

// Recognising Sysmon and ownership (R-INS-2, BUG-21)
export {
  collectSysmonInstalls,
  isSysmonServiceBinary,
  isSysmonDriver,
  SYSMON_ALTITUDE,
  type ServiceCandidate,
  type DriverCandidate,
  type VersionResource,
} from './identity/sysmon-identity';
export { formatOwnershipMarker, parseOwnershipMarker, OWNERSHIP_MARKER_VALUE_NAME } from './identity/ownership-marker';

// Versions
export {
  compareVersions,
  canonicalVersion,
  parseDottedVersion,
  isKnownVulnerable,
  runsAsProtectedProcess,
  VULNERABLE_BELOW,
} from './version/sysmon-version';

// Signed release manifest (R-INS-9)
export { verifyManifest, decodeSignatureFile, publicKeyFingerprint, type VerifyManifestOptions, type VerifiedManifest } from './manifest/verify-manifest';
export { verifyBinary, verifyBinaryFile, type BinaryVerdict } from './manifest/verify-binary';
export { signManifest } from './manifest/sign-manifest';
export { ManifestError, type ManifestErrorCode } from './manifest/manifest-error';
export { DEVELOPMENT_KEY_FINGERPRINT, TEST_MODE_VARIABLE } from './manifest/development-key';

// Configuration validation (BUG-17, BUG-18, BUG-19)
export {
  validateSysmonConfig,
  type ConfigIssue,
  type ConfigIssueCode,
  type ConfigValidation,
} from './config/validate-sysmon-config';
export {
  BINARY_SCHEMA_TABLE,
  binaryAcceptsSchema,
  oldestBinaryAccepting,
  schemaRowFor,
  type BinarySchemaRow,
} from './config/binary-schema-table';

// Journal and reconcile loop (R-INS-8, R-INS-11)
export { InstallerStore, InstallerStoreError, type JournalPlan, type JournalStep, type OpenedStore } from './journal/installer-store';
export {
  reconcileOnce,
  converge,
  recoverInterruptedPlan,
  type ActionExecutor,
  type HostAction,
  type HostObserver,
  type ReconcilerDeps,
  type RoundReport,
  type RecoveryReport,
} from './journal/reconciler';
export { reconcileNowOnSysmonEvent, DEFAULT_RECONCILE_INTERVAL_MS } from './reconcile-triggers';
export { toInstallerStatus } from './status/installer-status';

// Port-backed host side (libs/platform): observer, executor, the service main.ts runs
export { PortHostObserver } from './host/port-observer';
export { PortActionExecutor, type PortExecutorOptions } from './host/port-executor';
export { InstallerService, type InstallerServiceOptions } from './host/installer-service';
export { NO_MONITOR, type MonitorLink } from './host/monitor-link';
export { findStartedRecord, type ChannelEnd } from './host/started-record';
export { manifestFromFeed, signedSimManifest, loadSimReleases } from './host/release-manifest';
export { DEFAULT_MANAGED_CONFIG_XML } from './config/default-config';
