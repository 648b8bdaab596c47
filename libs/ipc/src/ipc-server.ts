import * as grpc from '@grpc/grpc-js';
import { Lifecycle } from '@sysward/agent-runtime';
import type { ComponentAddress } from './address';
import { SERVER_OPTIONS } from './channel-options';
import { HealthRegistry } from './health';
import { HealthService } from './service-definitions';
import type { ConnectionListener, IpcTransport } from './transport';

export interface IpcServerOptions {
  address: ComponentAddress;
  transport: IpcTransport;
  /** How long calls in flight may finish after stop() before they are cut. */
  shutdownGraceMs?: number;
}

/**
 * A gRPC server on a component's local address, with grpc.health.v1 always
 * registered. Connections come from the transport (already access-checked) and
 * are injected into grpc-js, which never binds anything itself.
 */
export class IpcServer {
  readonly health = new HealthRegistry('SERVING');
  private readonly services: [grpc.ServiceDefinition, grpc.UntypedServiceImplementation][] = [];
  private readonly lifecycle: Lifecycle;
  private server: grpc.Server | undefined;
  private injector: grpc.ConnectionInjector | undefined;
  private listener: ConnectionListener | undefined;

  constructor(private readonly options: IpcServerOptions) {
    this.services.push([HealthService, this.health.handlers()]);
    this.lifecycle = new Lifecycle({ onStart: () => this.listen(), onStop: () => this.shutdown() });
  }

  get address(): ComponentAddress {
    return this.options.address;
  }

  addService(definition: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation): this {
    if (this.lifecycle.current !== 'stopped') throw new Error('IpcServer: add services before start()');
    this.services.push([definition, implementation]);
    return this;
  }

  start(): Promise<void> {
    return this.lifecycle.start();
  }

  stop(): Promise<void> {
    return this.lifecycle.stop();
  }

  private async listen(): Promise<void> {
    // A grpc-js server cannot be restarted after shutdown: each start gets a new one.
    const server = new grpc.Server(SERVER_OPTIONS);
    for (const [definition, implementation] of this.services) server.addService(definition, implementation);
    this.health.restart();
    // Local peers are authenticated by the transport (peer uid or pipe DACL), not by TLS.
    const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
    try {
      this.listener = await this.options.transport.listen(this.options.address, (connection) => injector.injectConnection(connection));
    } catch (error) {
      server.forceShutdown();
      throw error;
    }
    this.server = server;
    this.injector = injector;
  }

  private async shutdown(): Promise<void> {
    this.health.shutdown();
    const listener = this.listener;
    this.listener = undefined;
    // Stop accepting first; the listener finishes closing once gRPC has let go
    // of the connections it was handed, so wait for it last.
    const listenerClosed = listener?.close();
    const server = this.server;
    const injector = this.injector;
    this.server = undefined;
    this.injector = undefined;
    if (server !== undefined && injector !== undefined) {
      const graceMs = this.options.shutdownGraceMs ?? 2_000;
      // drain() is what cuts injected sessions still busy after the grace time:
      // forceShutdown() does not reach them when channelz is off (grpc-js 1.14).
      injector.drain(graceMs);
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    }
    await listenerClosed;
  }
}
