import * as grpc from '@grpc/grpc-js';
import { deadlineIn, DEFAULT_DEADLINE_MS } from './channel-options';

export interface CallOptions {
  /** Milliseconds the call may take; every unary call has a deadline. */
  deadlineMs?: number;
}

/** One unary call with a deadline, as a promise. */
export function unaryCall<Req, Res>(
  client: grpc.Client,
  definition: grpc.MethodDefinition<Req, Res>,
  request: Req,
  options: CallOptions = {},
): Promise<Res> {
  const deadline = deadlineIn(options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      definition.path,
      definition.requestSerialize,
      definition.responseDeserialize,
      request,
      new grpc.Metadata(),
      { deadline },
      (error, response) => {
        if (error) reject(error);
        else if (response === undefined) reject(new Error(`${definition.path}: empty response`));
        else resolve(response);
      },
    );
  });
}

/** True when nobody answered: the server is not running or not reachable. */
export function isUnavailable(error: unknown): boolean {
  return (error as Partial<grpc.ServiceError> | undefined)?.code === grpc.status.UNAVAILABLE;
}

export function newClient(target: string, options: grpc.ChannelOptions): grpc.Client {
  return new grpc.Client(target, grpc.credentials.createInsecure(), options);
}
