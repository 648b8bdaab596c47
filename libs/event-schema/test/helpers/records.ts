/** Builders for EventRecords as the .evtx reader and parseEventXml produce them. */
import type { EventRecord } from '@sysward/evtx';
import { Collector, Event, longToBigInt, NormaliseContext, NormaliseResult } from '../../src';

export const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';
export const SYSMON_GUID = '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}';

export const CONTEXT: NormaliseContext = Object.freeze({
  agentId: 'agent-7f3a',
  hostName: null,
  collector: Collector.COLLECTOR_MANAGED_SYSMON,
  logInstanceId: 'log-2017-12-26',
});

export function sysmonRecord(
  eventId: number,
  eventData: Record<string, string>,
  overrides: Partial<EventRecord> = {},
): EventRecord {
  return {
    recordId: 1742,
    timeCreated: '2017-12-26T13:10:29.1368792Z',
    provider: { name: 'Microsoft-Windows-Sysmon', guid: SYSMON_GUID, eventSourceName: null },
    channel: SYSMON_CHANNEL,
    eventId,
    qualifiers: null,
    version: 5,
    level: 4,
    task: eventId,
    opcode: 0,
    keywords: '0x8000000000000000',
    computer: 'HOST-01',
    processId: 2284,
    threadId: 5252,
    userSid: 'S-1-5-18',
    dataKind: 'EventData',
    eventData,
    flags: { recovered: false, partial: false, errors: [] },
    ...overrides,
  };
}

/** The event of a result that must be an event (or health) result. */
export function eventOf(result: NormaliseResult): Event {
  if (result.kind === 'skipped') throw new Error(`expected an event, got skipped (${result.reason})`);
  return result.event;
}

/** A payload slot in a comparable form: Long -> bigint, bytes -> number[]. */
export function comparable(value: unknown): unknown {
  if (value && typeof value === 'object' && 'low' in value && 'high' in value && 'unsigned' in value) {
    return longToBigInt(value as Parameters<typeof longToBigInt>[0]);
  }
  if (value instanceof Uint8Array) return Array.from(value);
  if (value && typeof value === 'object' && !Array.isArray(value) && value.constructor !== Object) {
    return { ...(value as object) };
  }
  return value;
}

export function payloadOf(event: Event): Record<string, unknown> {
  const name = event.payload;
  if (!name) throw new Error(`event ${event.eventId} has no payload`);
  return event[name] as unknown as Record<string, unknown>;
}
