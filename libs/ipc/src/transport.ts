import type { Duplex } from 'node:stream';
import type { ComponentAddress } from './address';

/**
 * How a server accepts local connections. Each platform secures the endpoint its
 * own way (socket directory + peer credentials, or a pipe security descriptor)
 * and hands only admitted connections to gRPC.
 */
export interface IpcTransport {
  listen(address: ComponentAddress, onConnection: (connection: Duplex) => void): Promise<ConnectionListener>;
}

export interface ConnectionListener {
  /**
   * Stop accepting at once and remove the endpoint (socket file). Resolves when
   * the connections handed out so far are closed too.
   */
  close(): Promise<void>;
}

/** A connection that was turned away, for the server's log. */
export interface RefusedConnection {
  address: ComponentAddress;
  reason: string;
  pid?: number;
  uid?: number;
}
