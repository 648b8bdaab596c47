/**
 * @sysward/platform-sim: a simulated Windows host (SCM, registry, files, event
 * channels, boots, Sysmon) in one SQLite file shared by several processes.
 * Every @sysward/platform port is implemented; see docs/platform-sim.md.
 */
export { SimHost, type SimHostOptions, type CreateSimHostOptions, type PumpResult } from './sim-host';
export { runHostLoop, hostProcessOf, type HostLoopOptions } from './host-loop';
export { takeSnapshot, formatSnapshot, type HostSnapshot, type SysmonSummary } from './snapshot';
export { simDatabasePath } from './db/open-sim-db';
export { ChangeFeed } from './db/change-feed';
export { parseDuration } from './host/duration';
export { resolveOsVersion, OS_ALIASES, DEFAULT_OS, INBOX_SYSMON_MIN_BUILD } from './host/windows-releases';
export { encodeSimBinary, decodeSimBinary, type SimBinary, type BinaryRole } from './host/sim-binary';
export type { EventSpec, EventPayload } from './host/event-xml';
export type { ClearNumbering } from './host/channel-tables';
export { BOOT_DURATION_MS, type BootRow } from './host/power';
export {
  ACTIVITY_KINDS,
  SYSMON_EVENT_ID,
  activityKindOfEventId,
  type ActivityKind,
  type ActivityInput,
  type RecordedActivity,
} from './activities/activity';
export { activityFromRecord, type RecordedEvent } from './activities/activity-from-record';
export { USER_MODE_FIELDS, userModeView } from './activities/user-mode-view';
export type { UserModeEvent } from './activities/activity-log';
export { makeSysmonBinary, makeSysmonDriver, sysmonMaxSchema, isProtectedSysmon, sysmonVersionInfo } from './sysmon/sysmon-versions';
export { checkSysmonConfig, encodeRules, decodeRules } from './sysmon/sysmon-config';
export { parseSysmonArguments, type SysmonInvocation } from './sysmon/sysmon-argv';
export type { SysmonInstance } from './sysmon/sysmon-runtime';
export type { ForeignKind, ForeignInstall } from './sysmon/tamper';
