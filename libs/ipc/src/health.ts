import * as grpc from '@grpc/grpc-js';
import { health, type healthPb } from './proto';

export type ServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

const Wire = health.HealthCheckResponse.ServingStatus;

const TO_WIRE: Record<ServingStatus, healthPb.HealthCheckResponse.ServingStatus> = {
  UNKNOWN: Wire.UNKNOWN,
  SERVING: Wire.SERVING,
  NOT_SERVING: Wire.NOT_SERVING,
  SERVICE_UNKNOWN: Wire.SERVICE_UNKNOWN,
};

export function servingStatusFromWire(value: number | null | undefined): ServingStatus {
  switch (value) {
    case Wire.SERVING:
      return 'SERVING';
    case Wire.NOT_SERVING:
      return 'NOT_SERVING';
    case Wire.SERVICE_UNKNOWN:
      return 'SERVICE_UNKNOWN';
    default:
      return 'UNKNOWN';
  }
}

type Watcher = (status: ServingStatus) => void;

/** SERVICE_UNKNOWN is what Watch says about a name nobody registered; it is never stored. */
export type SettableServingStatus = Exclude<ServingStatus, 'SERVICE_UNKNOWN'>;

/**
 * The statuses behind grpc.health.v1 on one server. "" is the server as a
 * whole; other names are whatever the owner registers (the supervisor uses
 * component names). Watchers hear only changes, as the protocol asks.
 */
export class HealthRegistry {
  private readonly statuses = new Map<string, SettableServingStatus>();
  private readonly watchers = new Map<string, Set<Watcher>>();
  private beforeShutdown = new Map<string, SettableServingStatus>();
  private readonly openWatchCalls = new Set<grpc.ServerWritableStream<healthPb.IHealthCheckRequest, healthPb.IHealthCheckResponse>>();

  constructor(initialOverall: SettableServingStatus = 'SERVING') {
    this.statuses.set('', initialOverall);
  }

  get(service: string): SettableServingStatus | undefined {
    return this.statuses.get(service);
  }

  set(service: string, status: SettableServingStatus): void {
    if (this.statuses.get(service) === status) return;
    this.statuses.set(service, status);
    this.notify(service, status);
  }

  remove(service: string): void {
    if (!this.statuses.delete(service)) return;
    this.notify(service, 'SERVICE_UNKNOWN');
  }

  /** After a stop: what was registered is serving again, as it was before shutdown(). */
  restart(): void {
    for (const [service, status] of this.beforeShutdown) this.set(service, status);
    this.beforeShutdown.clear();
  }

  /** Everything NOT_SERVING and every Watch stream ended: a server that stops says so first. */
  shutdown(): void {
    this.beforeShutdown = new Map(this.statuses);
    for (const service of this.statuses.keys()) this.set(service, 'NOT_SERVING');
    for (const call of this.openWatchCalls) call.end();
    this.openWatchCalls.clear();
    this.watchers.clear();
  }

  /** Handlers for HealthService. */
  handlers(): grpc.UntypedServiceImplementation {
    const check: grpc.handleUnaryCall<healthPb.IHealthCheckRequest, healthPb.IHealthCheckResponse> = (call, callback) => {
      const service = call.request.service ?? '';
      const status = this.statuses.get(service);
      if (status === undefined) {
        callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${JSON.stringify(service)}` });
        return;
      }
      callback(null, { status: TO_WIRE[status] });
    };
    const watch: grpc.handleServerStreamingCall<healthPb.IHealthCheckRequest, healthPb.IHealthCheckResponse> = (call) => {
      const service = call.request.service ?? '';
      const send: Watcher = (status) => {
        call.write({ status: TO_WIRE[status] });
      };
      let set = this.watchers.get(service);
      if (set === undefined) {
        set = new Set();
        this.watchers.set(service, set);
      }
      set.add(send);
      this.openWatchCalls.add(call);
      const forget = (): void => {
        this.watchers.get(service)?.delete(send);
        this.openWatchCalls.delete(call);
      };
      call.on('cancelled', forget);
      call.on('close', forget);
      send(this.statuses.get(service) ?? 'SERVICE_UNKNOWN');
    };
    return { check, watch };
  }

  private notify(service: string, status: ServingStatus): void {
    for (const watcher of this.watchers.get(service) ?? []) watcher(status);
  }
}
