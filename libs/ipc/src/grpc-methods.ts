import type * as grpc from '@grpc/grpc-js';

/** What protobufjs static classes offer; enough to build gRPC method definitions. */
export interface MessageCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
}

export type MethodKind = 'unary' | 'server-stream' | 'client-stream' | 'bidi';

/**
 * A grpc-js method definition from protobufjs static classes. `path` is the
 * full gRPC path, `/package.Service/Method`.
 */
export function method<Req, Res>(
  path: string,
  kind: MethodKind,
  request: MessageCodec<Req>,
  response: MessageCodec<Res>,
): grpc.MethodDefinition<Req, Res> {
  if (!/^\/[A-Za-z_][\w.]*\/[A-Za-z_]\w*$/.test(path)) throw new Error(`invalid gRPC method path: ${path}`);
  return {
    path,
    requestStream: kind === 'client-stream' || kind === 'bidi',
    responseStream: kind === 'server-stream' || kind === 'bidi',
    requestSerialize: (value: Req) => toBuffer(request.encode(value).finish()),
    requestDeserialize: (bytes: Buffer) => request.decode(bytes),
    responseSerialize: (value: Res) => toBuffer(response.encode(value).finish()),
    responseDeserialize: (bytes: Buffer) => response.decode(bytes),
    originalName: path.slice(path.lastIndexOf('/') + 1),
  };
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
