/**
 * Idempotency keys (R-MON-5): the platform drops a delivery whose key it has seen,
 * so a key must be the same for the same event whichever process, restart or agent
 * version computes it. The format is fixed; a change needs a new prefix.
 *
 *   ev1|<agentId>|<channel, lower-cased>|<logInstanceId>|<recordId, decimal>
 *
 * Each text part is percent-encoded with encodeURIComponent (so `|` can only be a
 * separator). The channel is lower-cased because Windows treats channel names
 * case-insensitively (BUG-14). The log-instance id changes when the channel is
 * cleared, so record ids that restart after a clear give new keys; for a recording
 * it is the file's identity.
 */
import { GapCause } from './proto';

export interface EventKeyParts {
  readonly agentId: string;
  readonly channel: string;
  readonly logInstanceId: string;
  readonly recordId: number | bigint;
}

// Every record of one log shares the key's prefix: percent-encoding it once per log, not
// once per record, matters at tens of thousands of events per second.
let lastAgentId = '';
let lastChannel = '';
let lastLogInstanceId = '';
let lastPrefix: string | null = null;

export function idempotencyKey(parts: EventKeyParts): string {
  const { agentId, channel, logInstanceId } = parts;
  if (lastPrefix === null || agentId !== lastAgentId || channel !== lastChannel || logInstanceId !== lastLogInstanceId) {
    const prefix = `ev1|${text('agentId', agentId)}|${text('channel', channel, true)}|${text('logInstanceId', logInstanceId)}|`;
    lastAgentId = agentId;
    lastChannel = channel;
    lastLogInstanceId = logInstanceId;
    lastPrefix = prefix;
  }
  return lastPrefix + unsigned('recordId', parts.recordId);
}

export interface GapKeyParts {
  readonly agentId: string;
  readonly channel: string;
  readonly logInstanceId: string;
  readonly cause: GapCause;
  readonly firstRecordId?: number | bigint | null;
  readonly lastRecordId?: number | bigint | null;
  readonly startTimeUnixNanos?: bigint | null;
  readonly endTimeUnixNanos?: bigint | null;
  /** Used only when neither a record range nor a time window is known. */
  readonly detectedTimeUnixNanos: bigint;
}

/**
 * gap1|<agentId>|<channel>|<logInstanceId>|<cause name>|<first>|<last>|<start>|<end>[|<detected>]
 *
 * Unknown parts are empty. The same loss detected again (e.g. after a restart) gives
 * the same key; the detection time is added only when nothing else identifies it.
 */
export function gapIdempotencyKey(parts: GapKeyParts): string {
  const causeName = GapCause[parts.cause];
  if (causeName === undefined) throw new RangeError(`gap key: cause ${String(parts.cause)} is not a GapCause`);
  const optional = (name: string, v: number | bigint | null | undefined) => (v == null ? '' : unsigned(name, v));
  const signed = (v: bigint | null | undefined) => (v == null ? '' : v.toString());
  const fields = [
    'gap1',
    text('agentId', parts.agentId),
    text('channel', parts.channel, true),
    text('logInstanceId', parts.logInstanceId),
    causeName,
    optional('firstRecordId', parts.firstRecordId),
    optional('lastRecordId', parts.lastRecordId),
    signed(parts.startTimeUnixNanos),
    signed(parts.endTimeUnixNanos),
  ];
  if (fields.slice(5).every((f) => f === '')) fields.push(parts.detectedTimeUnixNanos.toString());
  return fields.join('|');
}

function text(name: string, value: string, lowerCase = false): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`idempotency key: ${name} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return encodeURIComponent(lowerCase ? value.toLowerCase() : value);
}

function unsigned(name: string, value: number | bigint): string {
  const ok = typeof value === 'bigint' ? value >= 0n : Number.isSafeInteger(value) && value >= 0;
  if (!ok) throw new RangeError(`idempotency key: ${name} must be a non-negative integer, got ${String(value)}`);
  return value.toString();
}
