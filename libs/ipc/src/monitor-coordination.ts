/**
 * MonitorCoordination (control.proto): the events monitor serves it, the sysmon
 * installer calls it (R-MON-3, R-INS-11). Both sides use the plain types here;
 * the wire messages stay inside this module.
 */
import * as grpc from '@grpc/grpc-js';
import Long from 'long';
import { describeError, type SysmonState } from '@sysward/agent-runtime';
import { control, type pb } from './proto';
import { sysmonStateFromWire, sysmonStateToWire } from './status-codec';

export interface ChannelPositionView {
  channel: string;
  logInstanceId: string;
  recordId: number;
}

export const CHANNEL_CONTINUITIES = ['continued', 'wrapped', 'cleared', 'first_read', 'rewound'] as const;
export type ChannelContinuity = (typeof CHANNEL_CONTINUITIES)[number];

export interface SysmonStateNotice {
  state: SysmonState;
  /** With 'managed': record id of our own install's event 4; 0 accepts the whole log. */
  managedSinceRecordId: number;
  /** The log that id belongs to; '' means the log the channel holds now. */
  logInstanceId: string;
  reason: string;
}

export interface PreparedForChange {
  /** Null when nothing was ever committed from the channel. */
  checkpoint: ChannelPositionView | null;
  caughtUp: boolean;
}

export interface ChangeVerified {
  continuity: ChannelContinuity;
  resumedAfter: ChannelPositionView | null;
  /** The gap record emitted on resubscribing; lastRecordId null when unknown (a clear). */
  gap: { firstRecordId: number; lastRecordId: number | null } | null;
}

/** What the monitor does on each call; a rejection becomes FAILED_PRECONDITION with its message. */
export interface MonitorCoordinationHandlers {
  setSysmonState(notice: SysmonStateNotice): Promise<void>;
  prepareForSysmonChange(reason: string): Promise<PreparedForChange>;
  sysmonChangeDone(reason: string): Promise<ChangeVerified>;
}

function toNumber(value: number | Long | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return Long.isLong(value) ? (value as Long).toNumber() : (value as number);
}

function uint64(value: number): Long {
  return Long.fromNumber(Math.max(0, value), true);
}

function positionToWire(position: ChannelPositionView | null): pb.IChannelPosition | null {
  return position === null ? null : { channel: position.channel, logInstanceId: position.logInstanceId, recordId: uint64(position.recordId) };
}

function positionFromWire(position: pb.IChannelPosition | null | undefined): ChannelPositionView | null {
  if (!position) return null;
  return { channel: position.channel ?? '', logInstanceId: position.logInstanceId ?? '', recordId: toNumber(position.recordId) };
}

function continuityToWire(continuity: ChannelContinuity): pb.ChannelContinuity {
  return control.ChannelContinuity[`CHANNEL_CONTINUITY_${continuity.toUpperCase()}` as keyof typeof control.ChannelContinuity] as pb.ChannelContinuity;
}

function continuityFromWire(value: pb.ChannelContinuity | null | undefined): ChannelContinuity {
  const name = Object.keys(control.ChannelContinuity).find((key) => (control.ChannelContinuity as Record<string, unknown>)[key] === value);
  const continuity = name?.replace(/^CHANNEL_CONTINUITY_/, '').toLowerCase();
  if (continuity === undefined || !(CHANNEL_CONTINUITIES as readonly string[]).includes(continuity)) {
    throw new Error(`SysmonChangeDoneReply.continuity: ${value ?? 'missing'} is not a known channel continuity`);
  }
  return continuity as ChannelContinuity;
}

export const wireCodec = {
  notice(request: pb.ISetSysmonStateRequest): SysmonStateNotice {
    return {
      state: sysmonStateFromWire(request.state, 'SetSysmonStateRequest.state'),
      managedSinceRecordId: toNumber(request.managedSinceRecordId),
      logInstanceId: request.logInstanceId ?? '',
      reason: request.reason ?? '',
    };
  },
  noticeToWire(notice: SysmonStateNotice): pb.ISetSysmonStateRequest {
    return {
      state: sysmonStateToWire(notice.state),
      managedSinceRecordId: uint64(notice.managedSinceRecordId),
      logInstanceId: notice.logInstanceId,
      reason: notice.reason,
    };
  },
  preparedToWire(prepared: PreparedForChange): pb.IPrepareForSysmonChangeReply {
    return { checkpoint: positionToWire(prepared.checkpoint), caughtUp: prepared.caughtUp };
  },
  prepared(reply: pb.IPrepareForSysmonChangeReply): PreparedForChange {
    return { checkpoint: positionFromWire(reply.checkpoint), caughtUp: reply.caughtUp === true };
  },
  verifiedToWire(verified: ChangeVerified): pb.ISysmonChangeDoneReply {
    const reply: pb.ISysmonChangeDoneReply = { continuity: continuityToWire(verified.continuity), resumedAfter: positionToWire(verified.resumedAfter) };
    if (verified.gap !== null) {
      reply.gapFirstRecordId = uint64(verified.gap.firstRecordId);
      if (verified.gap.lastRecordId !== null) reply.gapLastRecordId = uint64(verified.gap.lastRecordId);
    }
    return reply;
  },
  verified(reply: pb.ISysmonChangeDoneReply): ChangeVerified {
    const hasGap = reply.gapFirstRecordId !== null && reply.gapFirstRecordId !== undefined;
    const hasLast = reply.gapLastRecordId !== null && reply.gapLastRecordId !== undefined;
    return {
      continuity: continuityFromWire(reply.continuity),
      resumedAfter: positionFromWire(reply.resumedAfter),
      gap: hasGap ? { firstRecordId: toNumber(reply.gapFirstRecordId), lastRecordId: hasLast ? toNumber(reply.gapLastRecordId) : null } : null,
    };
  },
};

/** Server side of MonitorCoordination, delegating to the monitor's handlers. */
export function monitorCoordinationImplementation(handlers: MonitorCoordinationHandlers): grpc.UntypedServiceImplementation {
  const setSysmonState: grpc.handleUnaryCall<pb.ISetSysmonStateRequest, pb.ISetSysmonStateReply> = (call, callback) => {
    let notice: SysmonStateNotice;
    try {
      notice = wireCodec.notice(call.request);
    } catch (error) {
      callback({ code: grpc.status.INVALID_ARGUMENT, details: describeError(error) });
      return;
    }
    answer(() => handlers.setSysmonState(notice).then(() => ({})), 'SetSysmonState', callback);
  };
  const prepareForSysmonChange: grpc.handleUnaryCall<pb.IPrepareForSysmonChangeRequest, pb.IPrepareForSysmonChangeReply> = (call, callback) =>
    answer(() => handlers.prepareForSysmonChange(call.request.reason ?? '').then(wireCodec.preparedToWire), 'PrepareForSysmonChange', callback);
  const sysmonChangeDone: grpc.handleUnaryCall<pb.ISysmonChangeDoneRequest, pb.ISysmonChangeDoneReply> = (call, callback) =>
    answer(() => handlers.sysmonChangeDone(call.request.reason ?? '').then(wireCodec.verifiedToWire), 'SysmonChangeDone', callback);
  return { setSysmonState, prepareForSysmonChange, sysmonChangeDone };
}

function answer<T>(run: () => Promise<T>, name: string, callback: grpc.sendUnaryData<T>): void {
  Promise.resolve()
    .then(run)
    .then(
      (reply) => callback(null, reply),
      (error: unknown) => callback({ code: grpc.status.FAILED_PRECONDITION, details: `${name} failed: ${describeError(error)}` }),
    );
}
