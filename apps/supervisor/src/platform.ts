import type { Logger } from '@sysward/agent-runtime';
import { selectIpcTransport, type IpcTransport } from '@sysward/ipc';
import { ChildProcessRunner } from './child-process-runner';
import type { ComponentRunner } from './component-runner';
import { WindowsServiceRunner } from './windows-service-runner';

export interface SupervisorPlatform {
  runner: ComponentRunner;
  transport: IpcTransport;
}

/** The one place that looks at the platform: Windows services there, child processes elsewhere. */
export function selectSupervisorPlatform(platform: NodeJS.Platform, logger: Logger): SupervisorPlatform {
  const transport = selectIpcTransport({
    platform,
    onRefused: (refused) => logger.warn({ peerPid: refused.pid, peerUid: refused.uid, reason: refused.reason }, 'local connection refused'),
  });
  const runner = platform === 'win32' ? new WindowsServiceRunner() : new ChildProcessRunner();
  return { runner, transport };
}
