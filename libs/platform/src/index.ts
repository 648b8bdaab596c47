/**
 * @sysward/platform: ports (interfaces) for everything OS-specific, and the pure
 * rules that every implementation shares. Contract suites: @sysward/platform/testing.
 */
export { PlatformError, PLATFORM_ERROR_CODES, isPlatformError, isRecoverableByDefault } from './errors';
export type { PlatformErrorCode, PlatformErrorOptions } from './errors';
export type { PlatformPorts } from './platform-ports';

export { DRIVER_KINDS } from './service-control';
export type {
  ServiceControlPort,
  ServiceSpec,
  ServiceInfo,
  ServiceChange,
  ServiceFilter,
  ServiceKind,
  StartType,
  ServiceState,
  LaunchProtection,
} from './service-control';
export { serviceImageFile } from './service-image-path';

export type { RegistryPort, RegistryValue, RegistryValueType, RegistryWatch, RegistryWatchOptions } from './registry';
export { canonicalRegistryPath, registryPathKey, parentRegistryPath, validateRegistryValue } from './registry-path';

export type { FilePort, FileVersionInfo, FileStat } from './files';
export { canonicalWindowsPath, windowsPathKey, windowsBaseName } from './windows-path';

export type { EventChannelPort, ChannelInfo, ChannelRecord, ChannelSubscription, SubscribeFrom, ReadOptions } from './event-channel';
export { formatBookmark, parseBookmark, type BookmarkPosition } from './bookmark';

export type { BootHistoryPort, BootSession, ShutdownEvidence, ShutdownKind, UncleanEvidenceId } from './boot-history';
export { deriveBootSessions, type SystemEventSummary } from './boot-sessions';

export {
  SYSMON_DRIVER_ALTITUDE,
  SYSMON_DEFAULT_DRIVER_NAME,
  SYSMON_OPERATIONAL_CHANNEL,
  SYSMON_PUBLISHER_GUID,
  sysmonParametersKey,
} from './sysmon-command';
export type { SysmonCommandPort, SysmonRunResult } from './sysmon-command';
export { SysmonCli, sysmonArguments, classifySysmonFailure, type SysmonAction, type SysmonInstallOptions } from './sysmon-cli';

export { parseOsBuild, formatOsBuild, compareOsBuilds } from './os-info';
export type { OsInfoPort, OsVersion, ProductType, Architecture, OptionalFeatureState } from './os-info';
export { systemClock, type ClockPort } from './clock';
export type { ReleaseFeedPort, SysmonRelease } from './release-feed';
export { parseDottedVersion, compareVersions } from './version';
