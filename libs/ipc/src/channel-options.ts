import type * as grpc from '@grpc/grpc-js';

/**
 * Options for every Sysward channel and server. Channelz is off because it
 * keeps per-call bookkeeping that an idle agent pays for in memory and nobody
 * reads locally; reconnect backoff is short because the peer is on the same host.
 */
export const SERVER_OPTIONS: grpc.ServerOptions = {
  'grpc.enable_channelz': 0,
  'grpc.max_receive_message_length': 4 * 1024 * 1024,
};

export const CLIENT_OPTIONS: grpc.ChannelOptions = {
  'grpc.enable_channelz': 0,
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 5_000,
  'grpc.max_receive_message_length': 4 * 1024 * 1024,
  // A target like unix:/path is not a DNS name; keep the authority constant.
  'grpc.default_authority': 'localhost',
};

/** Deadline for a unary call when the caller gives none. */
export const DEFAULT_DEADLINE_MS = 5_000;

export function deadlineIn(ms: number): Date {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`deadline must be a positive number of milliseconds, got ${ms}`);
  return new Date(Date.now() + ms);
}
