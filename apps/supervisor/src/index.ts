export { Supervisor, INSTALLER_COMPONENT, type SupervisorOptions } from './supervisor';
export { SupervisedComponent, type StopRequester, type SupervisedComponentOptions } from './supervised-component';
export {
  loadSupervisorConfig,
  parseSupervisorConfig,
  DEFAULT_RESTART_POLICY,
  type SupervisorConfig,
  type ComponentSpec,
  type RestartPolicy,
  type CrashLoopPolicy,
} from './config';
export { decideAfterCrash, crashesInWindow, type RestartDecision } from './restart-decision';
export { decideCollector, type CollectorDecision, type CollectorInputs } from './collector-decision';
export { componentHealth, overallHealth, type HealthInputs } from './health-aggregation';
export { describeExit, type ComponentRunner, type RunningComponent, type ExitInfo, type RunContext } from './component-runner';
export { ChildProcessRunner } from './child-process-runner';
export { WindowsServiceRunner } from './windows-service-runner';
export { selectSupervisorPlatform, type SupervisorPlatform } from './platform';
export { parseSupervisorCommandLine, USAGE, type SupervisorCommandLine } from './command-line';
