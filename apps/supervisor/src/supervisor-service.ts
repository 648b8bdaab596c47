import * as grpc from '@grpc/grpc-js';
import { describeError, type ComponentReport, type Logger } from '@sysward/agent-runtime';
import { agentStatusToWire, componentStatusToWire, reportFromWire, type AgentStatusView, type ComponentStatusView, type pb } from '@sysward/ipc';

/** What the gRPC handlers need from the supervisor. */
export interface SupervisorCore {
  status(): AgentStatusView;
  restartComponent(name: string): Promise<ComponentStatusView>;
  acceptReport(report: ComponentReport): boolean;
  onStatusChange(listener: () => void): () => void;
}

/**
 * The Supervisor and ComponentReporter services. Keeps track of its open
 * streams so that a stopping supervisor can end them instead of waiting.
 */
export class SupervisorService {
  private readonly openCalls = new Set<() => void>();

  constructor(
    private readonly core: SupervisorCore,
    private readonly logger: Logger,
  ) {}

  supervisorImplementation(): grpc.UntypedServiceImplementation {
    const getStatus: grpc.handleUnaryCall<pb.IGetStatusRequest, pb.IAgentStatus> = (_call, callback) => {
      callback(null, agentStatusToWire(this.core.status()));
    };
    const watchStatus: grpc.handleServerStreamingCall<pb.IWatchStatusRequest, pb.IAgentStatus> = (call) => {
      const send = (): void => {
        call.write(agentStatusToWire(this.core.status()));
      };
      const unsubscribe = this.core.onStatusChange(send);
      const end = (): void => {
        unsubscribe();
        this.openCalls.delete(finish);
      };
      const finish = (): void => {
        end();
        call.end();
      };
      this.openCalls.add(finish);
      call.on('cancelled', end);
      call.on('close', end);
      send();
    };
    const restartComponent: grpc.handleUnaryCall<pb.IRestartComponentRequest, pb.IRestartComponentReply> = (call, callback) => {
      const name = call.request.name ?? '';
      this.core.restartComponent(name).then(
        (component) => callback(null, { component: componentStatusToWire(component) }),
        (error: unknown) => callback({ code: grpc.status.NOT_FOUND, details: describeError(error) }),
      );
    };
    return { getStatus, watchStatus, restartComponent };
  }

  reporterImplementation(): grpc.UntypedServiceImplementation {
    const reportStatus: grpc.handleClientStreamingCall<pb.IComponentReport, pb.IReportStatusReply> = (call, callback) => {
      // Headers now tell the component its stream is accepted (see GrpcStatusLink).
      call.sendMetadata(new grpc.Metadata());
      let answered = false;
      const answer = (): void => {
        if (answered) return;
        answered = true;
        this.openCalls.delete(answer);
        callback(null, {});
      };
      this.openCalls.add(answer);
      let warned = false;
      call.on('data', (message: pb.IComponentReport) => {
        let report: ComponentReport;
        try {
          report = reportFromWire(message);
        } catch (error) {
          // One bad report is logged once per stream; it never takes the stream down.
          if (!warned) this.logger.warn({ error: describeError(error) }, 'malformed status report ignored');
          warned = true;
          return;
        }
        this.core.acceptReport(report);
      });
      call.on('end', answer);
      call.on('error', () => {
        answered = true;
        this.openCalls.delete(answer);
      });
    };
    return { reportStatus };
  }

  /** End every open stream (watchers and reporters); used on shutdown. */
  endOpenCalls(): void {
    for (const end of [...this.openCalls]) end();
    this.openCalls.clear();
  }
}
