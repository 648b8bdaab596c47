import * as grpc from '@grpc/grpc-js';
import type { StatusLink, StatusLinkEvents, StatusStream } from '@sysward/agent-runtime';
import type { ComponentAddress } from './address';
import { CLIENT_OPTIONS } from './channel-options';
import { ComponentReporterService } from './service-definitions';
import { reportToWire } from './status-codec';
import { newClient } from './unary-call';

/**
 * StatusLink over gRPC: one ComponentReporter.ReportStatus client stream to the
 * supervisor. The supervisor sends response headers as soon as it accepts the
 * stream, which is our signal that it is connected.
 */
export class GrpcStatusLink implements StatusLink {
  private readonly client: grpc.Client;

  constructor(
    readonly supervisor: ComponentAddress,
    private readonly closeTimeoutMs = 2_000,
  ) {
    this.client = newClient(supervisor.target, CLIENT_OPTIONS);
  }

  open(events: StatusLinkEvents): StatusStream {
    const definition = ComponentReporterService.reportStatus;
    let finished = false;
    let onFinished: (() => void) | undefined;
    const call = this.client.makeClientStreamRequest(
      definition.path,
      definition.requestSerialize,
      definition.responseDeserialize,
      new grpc.Metadata(),
      {},
      (error) => {
        finished = true;
        onFinished?.();
        events.onClosed(error ?? undefined);
      },
    );
    call.on('metadata', () => events.onConnected());
    return {
      send: (report) => {
        if (!finished) call.write(reportToWire(report));
      },
      close: () =>
        new Promise<void>((resolve) => {
          if (finished) return resolve();
          const timer = setTimeout(() => {
            // The supervisor did not answer the half-close in time: cut the call.
            call.cancel();
            resolve();
          }, this.closeTimeoutMs);
          onFinished = () => {
            clearTimeout(timer);
            resolve();
          };
          call.end();
        }),
    };
  }

  dispose(): void {
    this.client.close();
  }
}
