import { StatusReporter, type BackoffPolicy } from '@sysward/agent-runtime';
import { componentAddress } from './address';
import { componentControlImplementation, type ComponentControlHandlers } from './component-control';
import { IpcServer } from './ipc-server';
import { ComponentControlService } from './service-definitions';
import { GrpcStatusLink } from './status-link';
import type { IpcTransport } from './transport';

export const SUPERVISOR_COMPONENT = 'supervisor';

export interface ComponentEndpointOptions {
  home: string;
  component: string;
  platform?: NodeJS.Platform;
}

/**
 * A component's own server: health plus ComponentControl, on
 * componentAddress(home, component). Not started; call start().
 */
export function createComponentServer(
  options: ComponentEndpointOptions & { transport: IpcTransport; control: ComponentControlHandlers },
): IpcServer {
  const address = componentAddress(options.home, options.component, options.platform ?? process.platform);
  return new IpcServer({ address, transport: options.transport }).addService(
    ComponentControlService,
    componentControlImplementation(options.control),
  );
}

export interface ReporterConnectionOptions extends ComponentEndpointOptions {
  version: string;
  minIntervalMs?: number;
  reconnect?: BackoffPolicy;
  onLinkError?: (error: Error, attempt: number) => void;
}

/** A started StatusReporter streaming to this home's supervisor. */
export function connectStatusReporter(options: ReporterConnectionOptions): StatusReporter {
  const supervisor = componentAddress(options.home, SUPERVISOR_COMPONENT, options.platform ?? process.platform);
  const reporter = new StatusReporter({
    name: options.component,
    version: options.version,
    link: new GrpcStatusLink(supervisor),
    minIntervalMs: options.minIntervalMs,
    reconnect: options.reconnect,
    onLinkError: options.onLinkError,
  });
  reporter.start();
  return reporter;
}
