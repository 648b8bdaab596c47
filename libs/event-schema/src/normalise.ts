/**
 * EventRecord -> sysward.events.v1.Event. The record may come from the .evtx reader
 * or from EvtRender XML (parseEventXml): the normaliser sees only the EventRecord,
 * so both paths give identical output (BUG-12).
 */
import type { EventRecord } from '@sysward/evtx';
import { convertField, FieldIssue, IssueCategory } from './field-kinds';
import { detectFieldShift } from './field-shift';
import { idempotencyKey } from './idempotency-key';
import { fitsInt64, int64, uint64 } from './long-values';
import { formatSystemTime, parseUtcDateTime } from './parse/date-time';
import { normaliseGuid } from './parse/guid';
import { escapeUnpairedSurrogates, hasUnpairedSurrogate, toWellFormed } from './parse/text';
import { Collector, Event, FieldParseError, IEvent } from './proto';
import {
  classifySource,
  DEFAULT_FORWARDED_EVENT_IDS,
  isSysmonHealthEventId,
  SysmonHealthEventId,
} from './sysmon-source';
import { SYSMON_PAYLOADS } from './sysmon-payloads';

export interface NormaliseContext {
  readonly agentId: string;
  /** The agent's host name; the record's Computer is used when this is absent or empty. */
  readonly hostName?: string | null;
  readonly collector: Collector;
  /** Identity of the log the record came from (see idempotencyKey). */
  readonly logInstanceId: string;
  /** R-EV-1: the event ids to forward; defaults to 1, 3, 8, 10, 13, 25. */
  readonly forwardedEventIds?: ReadonlySet<number> | readonly number[];
}

export type SkipReason = 'other-channel' | 'other-provider' | 'event-id-not-forwarded';

export type NormaliseResult =
  | { readonly kind: 'event'; readonly eventId: number; readonly event: Event }
  | { readonly kind: 'health'; readonly eventId: SysmonHealthEventId; readonly event: Event }
  | { readonly kind: 'skipped'; readonly eventId: number; readonly recordId: number; readonly reason: SkipReason };

/** A record or context the normaliser cannot work with at all (never raised for unknown event ids). */
export class NormaliseError extends Error {
  override readonly name = 'NormaliseError';
}

/** Before 2007 (Vista) no .evtx existed: such a TimeCreated is not trusted for ordering (BUG-05). */
const SUSPECT_BEFORE_UNIX_NANOS = BigInt(Date.UTC(2007, 0, 1)) * 1_000_000n;

const DEFAULT_FORWARDED = new Set(DEFAULT_FORWARDED_EVENT_IDS);

/** The EventRecord spelling of TimeCreated; anything else is re-spelled from its value. */
const CANONICAL_SYSTEM_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;

export function normalise(record: EventRecord, ctx: NormaliseContext): NormaliseResult {
  checkContext(ctx);
  checkRecord(record);
  const { eventId, recordId } = record;
  const source = classifySource(record);
  // BUG-09: another channel or provider, or an id outside the set, is skipped and
  // counted by the caller, never an error.
  if (source !== 'sysmon') return { kind: 'skipped', eventId, recordId, reason: source };
  if (isSysmonHealthEventId(eventId)) return { kind: 'health', eventId, event: buildEvent(record, ctx) };
  if (!forwardedIds(ctx).has(eventId)) return { kind: 'skipped', eventId, recordId, reason: 'event-id-not-forwarded' };
  return { kind: 'event', eventId, event: buildEvent(record, ctx) };
}

function buildEvent(record: EventRecord, ctx: NormaliseContext): Event {
  const errors: FieldParseError[] = [];
  const categories: IssueCategory[] = [];
  const report = (field: string, issue: FieldIssue) => {
    categories.push(issue.category);
    errors.push(FieldParseError.create({ field, rawValue: escapeUnpairedSurrogates(issue.raw), reason: issue.reason }));
  };
  const systemText = (field: string, value: string): string => {
    if (!hasUnpairedSurrogate(value)) return value;
    report(field, { category: 'invalid-text', raw: value, reason: 'invalid UTF-16: unpaired surrogate replaced by U+FFFD' });
    return toWellFormed(value);
  };

  const props: IEvent = {
    agentId: ctx.agentId,
    hostName: ctx.hostName ? ctx.hostName : systemText('System/Computer', record.computer),
    channel: systemText('System/Channel', record.channel),
    eventId: record.eventId,
    eventVersion: record.version,
    recordId: uint64(record.recordId),
    collector: ctx.collector,
    logInstanceId: ctx.logInstanceId,
    idempotencyKey: idempotencyKey({
      agentId: ctx.agentId,
      channel: record.channel,
      logInstanceId: ctx.logInstanceId,
      recordId: record.recordId,
    }),
    providerName: systemText('System/Provider/@Name', record.provider.name),
  };
  if (record.provider.guid != null) {
    props.providerGuid = normaliseGuid(record.provider.guid) ?? systemText('System/Provider/@Guid', record.provider.guid);
  }
  if (record.timeCreated != null) {
    const parsed = parseUtcDateTime(record.timeCreated);
    if (parsed.kind === 'value') {
      props.timeCreated = CANONICAL_SYSTEM_TIME.test(record.timeCreated) ? record.timeCreated : formatSystemTime(parsed.value);
      // A 1601 time (a zero FILETIME, BUG-05) has no int64 nanosecond value: the
      // ISO string keeps it, and it is flagged suspect anyway.
      if (fitsInt64(parsed.value)) props.timeCreatedUnixNanos = int64(parsed.value);
      if (parsed.value < SUSPECT_BEFORE_UNIX_NANOS) props.timeCreatedSuspect = true;
    } else if (parsed.kind === 'invalid') {
      report('System/TimeCreated/@SystemTime', { category: 'type-mismatch', raw: record.timeCreated, reason: parsed.reason });
    }
  }
  if (record.processId != null) props.processId = record.processId;
  if (record.threadId != null) props.threadId = record.threadId;
  if (record.userSid != null) props.userSid = systemText('System/Security/@UserID', record.userSid);
  if (record.level != null) props.level = record.level;
  if (record.task != null) props.task = record.task;
  if (record.opcode != null) props.opcode = record.opcode;
  if (record.keywords != null) props.keywords = systemText('System/Keywords', record.keywords);
  if (record.flags.recovered) props.recovered = true;
  if (record.flags.partial) props.partialRender = true;
  if (record.flags.errors.length > 0) props.renderErrors = record.flags.errors.map(toWellFormed);

  const extraFields: Record<string, string> = {};
  const spec = SYSMON_PAYLOADS.get(record.eventId);
  const slots = spec ? spec.create() : {};
  let filled = 0; // bit i: field i of the payload spec already has a value
  const eventData = record.eventData;
  const names = Object.keys(eventData);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const raw = eventData[name];
    const field = spec ? (spec.byName.get(name) ?? spec.byLowerName.get(name.toLowerCase())) : undefined;
    // Unknown names, and a second spelling of a field already filled, are kept as
    // written: nothing Sysmon wrote is dropped (R-EV-3).
    if (field === undefined || (filled & (1 << field.index)) !== 0) {
      if (name === '__proto__') {
        // No JavaScript object (nor protobufjs map) can hold this key: keep the value here.
        report(name, { category: 'invalid-text', raw, reason: 'a field named __proto__ cannot be a map key' });
      } else {
        extraFields[toWellFormed(name)] = systemText(name, raw);
      }
      continue;
    }
    filled |= 1 << field.index;
    const converted = convertField(field.kind, raw);
    if (converted.value !== undefined) slots[field.slot] = converted.value;
    if (converted.bytes !== undefined && field.bytesSlot !== undefined) slots[field.bytesSlot] = converted.bytes;
    for (const issue of converted.issues) report(name, issue);
  }
  if (Object.keys(extraFields).length > 0) props.extraFields = extraFields;
  if (errors.length > 0) props.parseErrors = errors;
  if (detectFieldShift(categories)) props.fieldShiftSuspected = true;

  if (spec !== undefined) (props as Record<string, unknown>)[spec.payloadName] = slots;
  return Event.create(props);
}

function forwardedIds(ctx: NormaliseContext): ReadonlySet<number> {
  const ids = ctx.forwardedEventIds;
  if (ids === undefined) return DEFAULT_FORWARDED;
  return ids instanceof Set ? ids : new Set(ids as readonly number[]);
}

function checkContext(ctx: NormaliseContext): void {
  if (typeof ctx.agentId !== 'string' || ctx.agentId === '') {
    throw new NormaliseError(`normalise: context.agentId must be a non-empty string, got ${JSON.stringify(ctx.agentId)}`);
  }
  if (typeof ctx.logInstanceId !== 'string' || ctx.logInstanceId === '') {
    throw new NormaliseError(`normalise: context.logInstanceId must be a non-empty string, got ${JSON.stringify(ctx.logInstanceId)}`);
  }
  if (Collector[ctx.collector] === undefined) {
    throw new NormaliseError(`normalise: context.collector ${String(ctx.collector)} is not a Collector value`);
  }
}

function checkRecord(record: EventRecord): void {
  const where = `record ${String(record.recordId)} of channel ${JSON.stringify(record.channel)}`;
  if (!Number.isSafeInteger(record.recordId) || record.recordId < 0) {
    throw new NormaliseError(`normalise: ${where}: recordId must be a non-negative integer`);
  }
  if (!Number.isInteger(record.eventId) || record.eventId < 0 || record.eventId > 0xffff) {
    throw new NormaliseError(`normalise: ${where}: eventId ${String(record.eventId)} is not a 16-bit event id`);
  }
  if (!Number.isInteger(record.version) || record.version < 0 || record.version > 0xff) {
    throw new NormaliseError(`normalise: ${where}: version ${String(record.version)} is not an 8-bit version`);
  }
  if (typeof record.eventData !== 'object' || record.eventData === null) {
    throw new NormaliseError(`normalise: ${where}: eventData must be an object of name to value`);
  }
}
