export { PlatformError, ConfigError, InvalidTransitionError, describeError, type PlatformErrorCode } from './errors';
export {
  COMPONENT_STATES,
  isComponentState,
  isTransitionAllowed,
  nextComponentState,
  type ComponentState,
} from './component-state';
export { backoffDelay, validateBackoffPolicy, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
export { Lifecycle, type LifecycleHooks, type LifecyclePhase } from './lifecycle';
export { resolveHome } from './home';
export { supervisedIdentity, COMPONENT_ENV, type SupervisedIdentity } from './supervised';
export { packageVersion } from './package-version';
export { createLogger, type ComponentLogger, type LoggerOptions, type Logger } from './logger';
export {
  mergeReport,
  EMPTY_MONITOR_STATUS,
  EMPTY_INSTALLER_STATUS,
  SYSMON_STATES,
  type ComponentReport,
  type ComponentReportUpdate,
  type MonitorStatus,
  type InstallerStatus,
  type RepairRecord,
  type SysmonState,
} from './component-status';
export {
  StatusReporter,
  SYSTEM_TIMERS,
  type StatusReporterOptions,
  type StatusLink,
  type StatusLinkEvents,
  type StatusStream,
  type Timers,
} from './status-reporter';
export { watchSupervisorPipe, SUPERVISOR_PIPE_ENV, type PipeSource } from './supervisor-pipe';
