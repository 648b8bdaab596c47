import * as grpc from '@grpc/grpc-js';
import type { ComponentAddress } from './address';
import { CLIENT_OPTIONS } from './channel-options';
import { servingStatusFromWire, type ServingStatus } from './health';
import type { healthPb, pb } from './proto';
import { wireCodec, type ChangeVerified, type PreparedForChange, type SysmonStateNotice } from './monitor-coordination';
import { ComponentControlService, HealthService, MonitorCoordinationService, SupervisorService } from './service-definitions';
import { agentStatusFromWire, componentStatusFromWire } from './status-codec';
import type { AgentStatusView, ComponentStatusView } from './status-view';
import { newClient, unaryCall, type CallOptions } from './unary-call';

export interface StreamSubscription {
  cancel(): void;
}

/** Ends a server stream: cancelled by us (no error), or failed / ended by the server. */
export type StreamEnd = (error?: grpc.ServiceError | Error) => void;

abstract class IpcClient {
  protected readonly client: grpc.Client;

  constructor(readonly address: ComponentAddress) {
    this.client = newClient(address.target, CLIENT_OPTIONS);
  }

  close(): void {
    this.client.close();
  }

  protected serverStream<Req, Res>(
    definition: grpc.MethodDefinition<Req, Res>,
    request: Req,
    onMessage: (message: Res) => void,
    onEnd: StreamEnd,
  ): StreamSubscription {
    // A watch lives as long as the caller wants it: no deadline, explicit cancel.
    const call = this.client.makeServerStreamRequest(
      definition.path,
      definition.requestSerialize,
      definition.responseDeserialize,
      request,
      new grpc.Metadata(),
      {},
    );
    let cancelled = false;
    let ended = false;
    const finish = (error?: Error): void => {
      if (ended) return;
      ended = true;
      onEnd(cancelled ? undefined : error);
    };
    call.on('data', (message: Res) => {
      try {
        onMessage(message);
      } catch (error) {
        call.cancel();
        finish(error instanceof Error ? error : new Error(String(error)));
      }
    });
    call.on('error', (error: grpc.ServiceError) => finish(error));
    call.on('end', () => finish(new Error(`${definition.path}: the server ended the stream`)));
    return {
      cancel: () => {
        cancelled = true;
        call.cancel();
      },
    };
  }
}

export class SupervisorClient extends IpcClient {
  async getStatus(options?: CallOptions): Promise<AgentStatusView> {
    return agentStatusFromWire(await unaryCall(this.client, SupervisorService.getStatus, {}, options));
  }

  async restartComponent(name: string, options?: CallOptions): Promise<ComponentStatusView> {
    const reply = await unaryCall(this.client, SupervisorService.restartComponent, { name }, options);
    if (!reply.component) throw new Error(`RestartComponent(${name}): the reply has no component`);
    return componentStatusFromWire(reply.component, 'RestartComponentReply.component');
  }

  /** The status now, then after every change, until cancelled or the stream fails. */
  watchStatus(onStatus: (status: AgentStatusView) => void, onEnd: StreamEnd): StreamSubscription {
    return this.serverStream<pb.IWatchStatusRequest, pb.IAgentStatus>(
      SupervisorService.watchStatus,
      {},
      (message) => onStatus(agentStatusFromWire(message)),
      onEnd,
    );
  }
}

export class HealthClient extends IpcClient {
  async check(service = '', options?: CallOptions): Promise<ServingStatus> {
    const reply = await unaryCall(this.client, HealthService.check, { service }, options);
    return servingStatusFromWire(reply.status);
  }

  watch(service: string, onStatus: (status: ServingStatus) => void, onEnd: StreamEnd): StreamSubscription {
    return this.serverStream<healthPb.IHealthCheckRequest, healthPb.IHealthCheckResponse>(
      HealthService.watch,
      { service },
      (message) => onStatus(servingStatusFromWire(message.status)),
      onEnd,
    );
  }
}

export class ComponentControlClient extends IpcClient {
  async stop(reason: string, options?: CallOptions): Promise<void> {
    await unaryCall(this.client, ComponentControlService.stop, { reason }, options);
  }

  async pause(reason: string, options?: CallOptions): Promise<void> {
    await unaryCall(this.client, ComponentControlService.pause, { reason }, options);
  }

  async resume(options?: CallOptions): Promise<void> {
    await unaryCall(this.client, ComponentControlService.resume, {}, options);
  }
}

/**
 * The installer's side of MonitorCoordination (R-MON-3, R-INS-11). Prepare and
 * done wait for the monitor to read and commit, so they get a longer deadline
 * than other calls by default.
 */
export class MonitorCoordinationClient extends IpcClient {
  static readonly CHANGE_DEADLINE_MS = 20_000;

  async setSysmonState(notice: SysmonStateNotice, options?: CallOptions): Promise<void> {
    await unaryCall(this.client, MonitorCoordinationService.setSysmonState, wireCodec.noticeToWire(notice), options);
  }

  async prepareForSysmonChange(reason: string, options?: CallOptions): Promise<PreparedForChange> {
    const reply = await unaryCall(this.client, MonitorCoordinationService.prepareForSysmonChange, { reason }, withDeadline(options));
    return wireCodec.prepared(reply);
  }

  async sysmonChangeDone(reason: string, options?: CallOptions): Promise<ChangeVerified> {
    const reply = await unaryCall(this.client, MonitorCoordinationService.sysmonChangeDone, { reason }, withDeadline(options));
    return wireCodec.verified(reply);
  }
}

function withDeadline(options: CallOptions | undefined): CallOptions {
  return { ...options, deadlineMs: options?.deadlineMs ?? MonitorCoordinationClient.CHANGE_DEADLINE_MS };
}
