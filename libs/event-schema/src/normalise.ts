/**
 * EventRecord -> sysward.events.v1.Event. The record may come from the .evtx reader
 * or from EvtRender XML (parseEventXml): the normaliser sees only the EventRecord,
 * so both paths give identical output (BUG-12).
 */
import type { EventRecord } from '@sysward/evtx';
import { convertField, FieldIssue, IssueCategory } from './field-kinds';
import { detectFieldShift } from './field-shift';
import { idempotencyKey } from './idempotency-key';
import { fastConvert, fastIpv4, NOT_FAST } from './fast-field';
import { fitsInt64, int64, int64FromMillis, uint64 } from './long-values';
import { formatSystemTime, parseCommonUtcDateTime, parseUtcDateTime, type CommonDateTime } from './parse/date-time';
import { isCanonicalGuid, normaliseGuid } from './parse/guid';
import { isNoValue } from './parse/parse-outcome';
import { escapeUnpairedSurrogates, isWellFormedText, toWellFormed } from './parse/text';
import { Collector, Event, FieldParseError } from './proto';
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

/**
 * Issues found while building one event, in the order found. Created only when there
 * is one: most events have none, and this is the per-event hot path.
 */
class EventIssues {
  readonly errors: FieldParseError[] = [];
  readonly categories: IssueCategory[] = [];

  report(field: string, issue: FieldIssue): void {
    this.categories.push(issue.category);
    this.errors.push(FieldParseError.create({ field, rawValue: escapeUnpairedSurrogates(issue.raw), reason: issue.reason }));
  }

  /** A System value with unpaired surrogates: reported, and stored with U+FFFD. */
  invalidText(field: string, value: string): string {
    this.report(field, { category: 'invalid-text', raw: value, reason: 'invalid UTF-16: unpaired surrogate replaced by U+FFFD' });
    return toWellFormed(value);
  }
}

/** Before 2007 (see SUSPECT_BEFORE_UNIX_NANOS), in whole milliseconds. */
const SUSPECT_BEFORE_MILLIS = Date.UTC(2007, 0, 1);
const timeScratch: CommonDateTime = { millis: 0, subMilliNanos: 0 };

function buildEvent(record: EventRecord, ctx: NormaliseContext): Event {
  let issues: EventIssues | null = null;
  // Fields are assigned in the order the former props object had them, so every
  // event gets the same own keys in the same order.
  const event = new Event();
  event.agentId = ctx.agentId;
  const computer = record.computer;
  event.hostName = ctx.hostName
    ? ctx.hostName
    : isWellFormedText(computer)
      ? computer
      : (issues ??= new EventIssues()).invalidText('System/Computer', computer);
  const channel = record.channel;
  event.channel = isWellFormedText(channel) ? channel : (issues ??= new EventIssues()).invalidText('System/Channel', channel);
  event.eventId = record.eventId;
  event.eventVersion = record.version;
  event.recordId = uint64(record.recordId);
  event.collector = ctx.collector;
  event.logInstanceId = ctx.logInstanceId;
  event.idempotencyKey = idempotencyKey({
    agentId: ctx.agentId,
    channel,
    logInstanceId: ctx.logInstanceId,
    recordId: record.recordId,
  });
  const providerName = record.provider.name;
  event.providerName = isWellFormedText(providerName)
    ? providerName
    : (issues ??= new EventIssues()).invalidText('System/Provider/@Name', providerName);
  const providerGuid = record.provider.guid;
  if (providerGuid != null) {
    event.providerGuid = isCanonicalGuid(providerGuid)
      ? providerGuid
      : (normaliseGuid(providerGuid) ??
        (isWellFormedText(providerGuid) ? providerGuid : (issues ??= new EventIssues()).invalidText('System/Provider/@Guid', providerGuid)));
  }
  const timeCreated = record.timeCreated;
  if (timeCreated != null) {
    if (timeCreated.length === 28 && parseCommonUtcDateTime(timeCreated, timeScratch)) {
      // The 28-character form parseCommonUtcDateTime accepts is exactly CANONICAL_SYSTEM_TIME, within int64.
      event.timeCreated = timeCreated;
      event.timeCreatedUnixNanos = int64FromMillis(timeScratch.millis, timeScratch.subMilliNanos);
      if (timeScratch.millis < SUSPECT_BEFORE_MILLIS) event.timeCreatedSuspect = true;
    } else {
      const parsed = parseUtcDateTime(timeCreated);
      if (parsed.kind === 'value') {
        event.timeCreated = CANONICAL_SYSTEM_TIME.test(timeCreated) ? timeCreated : formatSystemTime(parsed.value);
        // A 1601 time (a zero FILETIME, BUG-05) has no int64 nanosecond value: the
        // ISO string keeps it, and it is flagged suspect anyway.
        if (fitsInt64(parsed.value)) event.timeCreatedUnixNanos = int64(parsed.value);
        if (parsed.value < SUSPECT_BEFORE_UNIX_NANOS) event.timeCreatedSuspect = true;
      } else if (parsed.kind === 'invalid') {
        (issues ??= new EventIssues()).report('System/TimeCreated/@SystemTime', {
          category: 'type-mismatch',
          raw: timeCreated,
          reason: parsed.reason,
        });
      }
    }
  }
  if (record.processId != null) event.processId = record.processId;
  if (record.threadId != null) event.threadId = record.threadId;
  const userSid = record.userSid;
  if (userSid != null) {
    event.userSid = isWellFormedText(userSid) ? userSid : (issues ??= new EventIssues()).invalidText('System/Security/@UserID', userSid);
  }
  if (record.level != null) event.level = record.level;
  if (record.task != null) event.task = record.task;
  if (record.opcode != null) event.opcode = record.opcode;
  const keywords = record.keywords;
  if (keywords != null) {
    event.keywords = isWellFormedText(keywords) ? keywords : (issues ??= new EventIssues()).invalidText('System/Keywords', keywords);
  }
  if (record.flags.recovered) event.recovered = true;
  if (record.flags.partial) event.partialRender = true;
  if (record.flags.errors.length > 0) event.renderErrors = record.flags.errors.map(toWellFormed);

  let extraFields: Record<string, string> | null = null;
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
        (issues ??= new EventIssues()).report(name, { category: 'invalid-text', raw, reason: 'a field named __proto__ cannot be a map key' });
      } else {
        (extraFields ??= {})[toWellFormed(name)] = isWellFormedText(raw) ? raw : (issues ??= new EventIssues()).invalidText(name, raw);
      }
      continue;
    }
    filled |= 1 << field.index;
    if (field.kind === 'ip') {
      if (isNoValue(raw)) continue;
      const bytes = fastIpv4(raw);
      if (bytes !== null) {
        slots[field.slot] = raw;
        if (field.bytesSlot !== undefined) slots[field.bytesSlot] = bytes;
        continue;
      }
    } else {
      const value = fastConvert(field.kind, raw);
      if (value !== NOT_FAST) {
        if (value !== undefined) slots[field.slot] = value;
        continue;
      }
    }
    const converted = convertField(field.kind, raw);
    if (converted.value !== undefined) slots[field.slot] = converted.value;
    if (converted.bytes !== undefined && field.bytesSlot !== undefined) slots[field.bytesSlot] = converted.bytes;
    if (converted.issues.length > 0) {
      issues ??= new EventIssues();
      for (const issue of converted.issues) issues.report(name, issue);
    }
  }
  if (extraFields !== null) event.extraFields = extraFields;
  if (issues !== null) {
    event.parseErrors = issues.errors;
    if (detectFieldShift(issues.categories)) event.fieldShiftSuspected = true;
  }

  if (spec !== undefined) (event as unknown as Record<string, unknown>)[spec.payloadName] = slots;
  return event;
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

/** Built only for a message, never for every record. */
function where(record: EventRecord): string {
  return `record ${String(record.recordId)} of channel ${JSON.stringify(record.channel)}`;
}

function checkRecord(record: EventRecord): void {
  if (!Number.isSafeInteger(record.recordId) || record.recordId < 0) {
    throw new NormaliseError(`normalise: ${where(record)}: recordId must be a non-negative integer`);
  }
  if (!Number.isInteger(record.eventId) || record.eventId < 0 || record.eventId > 0xffff) {
    throw new NormaliseError(`normalise: ${where(record)}: eventId ${String(record.eventId)} is not a 16-bit event id`);
  }
  if (!Number.isInteger(record.version) || record.version < 0 || record.version > 0xff) {
    throw new NormaliseError(`normalise: ${where(record)}: version ${String(record.version)} is not an 8-bit version`);
  }
  if (typeof record.eventData !== 'object' || record.eventData === null) {
    throw new NormaliseError(`normalise: ${where(record)}: eventData must be an object of name to value`);
  }
}
