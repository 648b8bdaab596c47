import * as grpc from '@grpc/grpc-js';
import { describeError } from '@sysward/agent-runtime';
import type { pb } from './proto';

export interface ComponentControlHandlers {
  /** Begin a graceful stop; the process is expected to exit when done. */
  stop(reason: string): void | Promise<void>;
  pause?(reason: string): Promise<void>;
  resume?(): Promise<void>;
}

/** Server side of ComponentControl, delegating to the component's handlers. */
export function componentControlImplementation(handlers: ComponentControlHandlers): grpc.UntypedServiceImplementation {
  const stop: grpc.handleUnaryCall<pb.IStopRequest, pb.IStopReply> = (call, callback) => {
    // Answer first: stopping closes this very server, and the caller wants to know it was heard.
    callback(null, {});
    const reason = call.request.reason ?? '';
    setImmediate(() => {
      void Promise.resolve()
        .then(() => handlers.stop(reason))
        .catch(() => undefined);
    });
  };
  const pause: grpc.handleUnaryCall<pb.IPauseRequest, pb.IPauseReply> = (call, callback) =>
    optional(handlers.pause && (() => handlers.pause!(call.request.reason ?? '')), 'Pause', callback);
  const resume: grpc.handleUnaryCall<pb.IResumeRequest, pb.IResumeReply> = (_call, callback) =>
    optional(handlers.resume && (() => handlers.resume!()), 'Resume', callback);
  return { stop, pause, resume };
}

function optional(run: (() => Promise<void>) | undefined, name: string, callback: grpc.sendUnaryData<object>): void {
  if (run === undefined) {
    callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not supported by this component` });
    return;
  }
  run().then(
    () => callback(null, {}),
    (error: unknown) => callback({ code: grpc.status.FAILED_PRECONDITION, details: `${name} failed: ${describeError(error)}` }),
  );
}
