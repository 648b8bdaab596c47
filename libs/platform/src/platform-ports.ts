import type { BootHistoryPort } from './boot-history';
import type { ClockPort } from './clock';
import type { EventChannelPort } from './event-channel';
import type { FilePort } from './files';
import type { OsInfoPort } from './os-info';
import type { RegistryPort } from './registry';
import type { ReleaseFeedPort } from './release-feed';
import type { ServiceControlPort } from './service-control';
import type { SysmonCommandPort } from './sysmon-command';

/** Everything OS-specific a component may use; an app's main.ts picks one implementation (seam 5). */
export interface PlatformPorts {
  services: ServiceControlPort;
  registry: RegistryPort;
  files: FilePort;
  channels: EventChannelPort;
  boots: BootHistoryPort;
  sysmon: SysmonCommandPort;
  os: OsInfoPort;
  clock: ClockPort;
  releases: ReleaseFeedPort;
}
