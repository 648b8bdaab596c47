/**
 * Test-only entry point (`@sysward/platform/testing`): one contract suite per
 * port, written once and run against every implementation (the sim now, the
 * Windows adapter later). It imports @jest/globals, so load it from tests only.
 */
export { describeServiceControlContract, type ServiceControlSubject, type ServiceControlContractOptions } from './testing/service-control-contract';
export { describeRegistryContract, type RegistrySubject } from './testing/registry-contract';
export { describeFileContract, type FileSubject } from './testing/file-contract';
export { describeEventChannelContract, type EventChannelSubject } from './testing/event-channel-contract';
export { describeBootHistoryContract, type BootHistorySubject } from './testing/boot-history-contract';
export {
  describeOsInfoContract,
  describeClockContract,
  describeReleaseFeedContract,
  type OsInfoSubject,
  type ClockSubject,
  type ReleaseFeedSubject,
} from './testing/host-info-contract';
export { describeSysmonCommandContract, type SysmonCommandSubject } from './testing/sysmon-command-contract';
export { expectPlatformError, uniqueName, eventually } from './testing/expect-platform-error';
