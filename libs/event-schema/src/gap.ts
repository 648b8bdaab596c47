/**
 * Gap records (R-MON-2): lost events are reported as data, through the same outbox
 * and sinks as events, so the platform can prove coverage per host.
 */
import { gapIdempotencyKey } from './idempotency-key';
import { int64, uint64 } from './long-values';
import { Collector, Gap, GapCause, IGap } from './proto';

/** A point in time: a Date, or nanoseconds since the Unix epoch. */
export type Instant = Date | bigint;

export interface GapInput {
  readonly agentId: string;
  readonly hostName: string;
  readonly channel: string;
  readonly logInstanceId: string;
  readonly cause: GapCause;
  /** The missing record-id range, inclusive; leave an end out when it is unknown. */
  readonly firstRecordId?: number | bigint | null;
  readonly lastRecordId?: number | bigint | null;
  readonly startTime?: Instant | null;
  readonly endTime?: Instant | null;
  readonly lostCount?: number | bigint | null;
  readonly detail?: string;
  /** When the loss was detected (the caller's clock: this module reads none). */
  readonly detectedAt: Instant;
  readonly collector?: Collector;
}

export function makeGap(input: GapInput): Gap {
  for (const key of ['agentId', 'channel', 'logInstanceId'] as const) {
    if (typeof input[key] !== 'string' || input[key] === '') {
      throw new TypeError(`makeGap: ${key} must be a non-empty string, got ${JSON.stringify(input[key])}`);
    }
  }
  if (typeof input.hostName !== 'string') throw new TypeError('makeGap: hostName must be a string');
  if (GapCause[input.cause] === undefined || input.cause === GapCause.GAP_CAUSE_UNSPECIFIED) {
    throw new RangeError(`makeGap: cause must be a GapCause other than GAP_CAUSE_UNSPECIFIED, got ${String(input.cause)}`);
  }
  if (input.collector !== undefined && Collector[input.collector] === undefined) {
    throw new RangeError(`makeGap: collector ${String(input.collector)} is not a Collector value`);
  }
  const first = optionalCount('firstRecordId', input.firstRecordId);
  const last = optionalCount('lastRecordId', input.lastRecordId);
  if (first !== null && last !== null && first > last) {
    throw new RangeError(`makeGap: firstRecordId ${first} is after lastRecordId ${last}`);
  }
  const start = optionalInstant('startTime', input.startTime);
  const end = optionalInstant('endTime', input.endTime);
  if (start !== null && end !== null && start > end) throw new RangeError('makeGap: startTime is after endTime');
  const lost = optionalCount('lostCount', input.lostCount);
  const detected = toUnixNanos('detectedAt', input.detectedAt);

  const props: IGap = {
    agentId: input.agentId,
    hostName: input.hostName,
    channel: input.channel,
    logInstanceId: input.logInstanceId,
    cause: input.cause,
    detectedTimeUnixNanos: int64(detected),
    idempotencyKey: gapIdempotencyKey({
      agentId: input.agentId,
      channel: input.channel,
      logInstanceId: input.logInstanceId,
      cause: input.cause,
      firstRecordId: first,
      lastRecordId: last,
      startTimeUnixNanos: start,
      endTimeUnixNanos: end,
      detectedTimeUnixNanos: detected,
    }),
  };
  if (first !== null) props.firstRecordId = uint64(first);
  if (last !== null) props.lastRecordId = uint64(last);
  if (start !== null) props.startTimeUnixNanos = int64(start);
  if (end !== null) props.endTimeUnixNanos = int64(end);
  if (lost !== null) props.lostCount = uint64(lost);
  if (input.detail) props.detail = input.detail;
  if (input.collector) props.collector = input.collector;
  return Gap.create(props);
}

function optionalCount(name: string, v: number | bigint | null | undefined): bigint | null {
  if (v == null) return null;
  const ok = typeof v === 'bigint' ? v >= 0n && v < 1n << 64n : Number.isSafeInteger(v) && v >= 0;
  if (!ok) throw new RangeError(`makeGap: ${name} must be a non-negative integer, got ${String(v)}`);
  return BigInt(v);
}

function optionalInstant(name: string, v: Instant | null | undefined): bigint | null {
  return v == null ? null : toUnixNanos(name, v);
}

function toUnixNanos(name: string, v: Instant): bigint {
  if (typeof v === 'bigint') return v;
  if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw new TypeError(`makeGap: ${name} must be a valid Date or bigint nanoseconds`);
  return BigInt(v.getTime()) * 1_000_000n;
}
