import { createPosixPlatform } from '@sysward/platform-posix';
import { serviceAccountPolicy } from './access-policy';
import { NamedPipeTransport, UnsupportedPipeSecurity } from './pipe-security';
import type { IpcTransport, RefusedConnection } from './transport';
import { UnixSocketTransport } from './unix-socket-transport';

export interface TransportSelection {
  platform?: NodeJS.Platform;
  onRefused?: (refused: RefusedConnection) => void;
  /** Windows: SID of the account the services run as; LocalSystem by default. */
  serviceAccountSid?: string;
}

const LOCAL_SYSTEM_SID = 'S-1-5-18';

/**
 * The platform's secured transport. Called from a process's composition root;
 * nothing else in the library looks at the platform.
 */
export function selectIpcTransport(selection: TransportSelection = {}): IpcTransport {
  const platform = selection.platform ?? process.platform;
  if (platform === 'win32') {
    return new NamedPipeTransport(new UnsupportedPipeSecurity(), selection.serviceAccountSid ?? LOCAL_SYSTEM_SID);
  }
  const posix = createPosixPlatform(platform);
  const serviceUid = process.geteuid?.() ?? 0;
  return new UnixSocketTransport({
    credentials: posix,
    policy: serviceAccountPolicy(serviceUid),
    ownerUid: serviceUid,
    onRefused: selection.onRefused,
  });
}
