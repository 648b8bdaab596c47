import * as fs from 'node:fs';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import type { ComponentAddress } from './address';
import { decideAccess, type AccessPolicy, type PeerIdentity } from './access-policy';
import { prepareRunDirectory } from './run-directory';
import { removeStaleSocket } from './stale-socket';
import type { ConnectionListener, IpcTransport, RefusedConnection } from './transport';

/** Reads the kernel's record of who connected (platform-posix implements it with SO_PEERCRED). */
export interface PeerCredentialsReader {
  peerCredentials(fd: number): PeerIdentity;
}

export interface UnixSocketTransportOptions {
  credentials: PeerCredentialsReader;
  policy: AccessPolicy;
  /** The uid that must own the run directory: the service account. */
  ownerUid: number;
  onRefused?: (refused: RefusedConnection) => void;
}

/**
 * Unix-socket endpoint secured twice (R-SUP-5): the run directory is 0700, and
 * every accepted connection's peer uid is checked before gRPC sees a byte. The
 * second check matters when the directory's mode was loosened by mistake.
 */
export class UnixSocketTransport implements IpcTransport {
  constructor(private readonly options: UnixSocketTransportOptions) {}

  async listen(address: ComponentAddress, onConnection: (connection: Duplex) => void): Promise<ConnectionListener> {
    if (address.flavour !== 'unix-socket' || address.runDir === undefined) {
      throw new Error(`UnixSocketTransport cannot listen on ${address.target}: not a Unix socket address`);
    }
    prepareRunDirectory(address.runDir, this.options.ownerUid);
    await removeStaleSocket(address.listenPath);

    const server = net.createServer({ pauseOnConnect: true }, (socket) => this.admit(address, socket, onConnection));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address.listenPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // Belt and braces under the 0700 directory: the socket itself is owner-only too.
    fs.chmodSync(address.listenPath, 0o600);
    server.on('error', () => undefined);

    let closing: Promise<void> | undefined;
    return {
      close: () => {
        // net.Server removes its socket file on close.
        closing ??= new Promise<void>((resolve) => server.close(() => resolve()));
        return closing;
      },
    };
  }

  private admit(address: ComponentAddress, socket: net.Socket, onConnection: (connection: Duplex) => void): void {
    const peer = this.readPeer(socket);
    const decision = decideAccess(peer, this.options.policy);
    if (!decision.allowed) {
      socket.destroy();
      this.options.onRefused?.({
        address,
        reason: decision.reason,
        ...(peer instanceof Error ? {} : { pid: peer.pid, uid: peer.uid }),
      });
      return;
    }
    onConnection(socket);
    // Paused on accept so that no byte is read before the check; gRPC reads from here on.
    socket.resume();
  }

  private readPeer(socket: net.Socket): PeerIdentity | Error {
    // Node keeps the descriptor on the libuv handle; there is no public accessor.
    const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
    if (typeof fd !== 'number' || fd < 0) return new Error('the accepted socket has no file descriptor');
    try {
      return this.options.credentials.peerCredentials(fd);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }
}
