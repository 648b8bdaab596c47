import type { Duplex } from 'node:stream';
import { PlatformError } from '@sysward/agent-runtime';
import type { ComponentAddress } from './address';
import type { ConnectionListener, IpcTransport } from './transport';

/**
 * Creates a named pipe with an explicit security descriptor and accepts
 * connections on it. Node's own pipes get the default descriptor (anyone local
 * may connect), so the Windows adapter will call CreateNamedPipeW through koffi
 * and hand each connected pipe to gRPC.
 */
export interface PipeSecurity {
  listen(pipePath: string, sddl: string, onConnection: (connection: Duplex) => void): Promise<ConnectionListener>;
}

const SID = /^S-1-(\d+-)*\d+$/;

/**
 * The descriptor for Sysward pipes (R-SUP-5): protected DACL (no inherited
 * entries), full access for LocalSystem, the Administrators group and the
 * service account's SID; nobody else.
 */
export function syswardPipeSddl(serviceAccountSid: string): string {
  if (!SID.test(serviceAccountSid)) {
    throw new Error(`pipe security: ${JSON.stringify(serviceAccountSid)} is not a SID string (S-1-...)`);
  }
  return `D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GA;;;${serviceAccountSid})`;
}

/** Until platform-windows provides CreateNamedPipeW, Windows servers cannot be secured: refuse to start one. */
export class UnsupportedPipeSecurity implements PipeSecurity {
  listen(pipePath: string): Promise<ConnectionListener> {
    return Promise.reject(
      new PlatformError('NOT_SUPPORTED', `a secured named pipe (${pipePath}) needs the Windows platform adapter, which is not built yet`),
    );
  }
}

export class NamedPipeTransport implements IpcTransport {
  constructor(
    private readonly security: PipeSecurity,
    private readonly serviceAccountSid: string,
  ) {}

  listen(address: ComponentAddress, onConnection: (connection: Duplex) => void): Promise<ConnectionListener> {
    if (address.flavour !== 'named-pipe') {
      return Promise.reject(new Error(`NamedPipeTransport cannot listen on ${address.target}: not a named pipe address`));
    }
    return this.security.listen(address.listenPath, syswardPipeSddl(this.serviceAccountSid), onConnection);
  }
}
