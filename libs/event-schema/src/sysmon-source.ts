/** Which records are Sysmon's, and what happens to each event id (R-EV-1, R-EV-2). */
import type { EventRecord } from '@sysward/evtx';

export const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';
export const SYSMON_PROVIDER_NAME = 'Microsoft-Windows-Sysmon';
export const SYSMON_PROVIDER_GUID = '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}';

/** R-EV-1: the forwarded ids by default (configuration may change the set). */
export const DEFAULT_FORWARDED_EVENT_IDS: readonly number[] = Object.freeze([1, 3, 8, 10, 13, 25]);

/** Sysmon's own events (service state, configuration change, error) feed health (R-INS-11). */
export const SYSMON_HEALTH_EVENT_IDS: readonly SysmonHealthEventId[] = Object.freeze([4, 16, 255] as const);
export type SysmonHealthEventId = 4 | 16 | 255;

export function isSysmonHealthEventId(eventId: number): eventId is SysmonHealthEventId {
  return eventId === 4 || eventId === 16 || eventId === 255;
}

export type SourceVerdict = 'sysmon' | 'other-channel' | 'other-provider';

/**
 * A record is Sysmon's when it is in Sysmon's channel and its provider is Sysmon:
 * by GUID when the record carries one (the GUID cannot be renamed), by name
 * otherwise. Names and GUIDs compare case-insensitively.
 */
export function classifySource(record: Pick<EventRecord, 'channel' | 'provider'>): SourceVerdict {
  if (!equalsIgnoreCase(record.channel, SYSMON_CHANNEL)) return 'other-channel';
  const { guid, name } = record.provider;
  const providerMatches = guid
    ? guid === SYSMON_PROVIDER_GUID || equalsIgnoreCase(stripBraces(guid), SYSMON_GUID_BARE)
    : equalsIgnoreCase(name, SYSMON_PROVIDER_NAME);
  return providerMatches ? 'sysmon' : 'other-provider';
}

const SYSMON_GUID_BARE = SYSMON_PROVIDER_GUID.slice(1, -1);

function stripBraces(guid: string): string {
  return guid.startsWith('{') && guid.endsWith('}') ? guid.slice(1, -1) : guid;
}

function equalsIgnoreCase(a: string, b: string): boolean {
  return a === b || (a.length === b.length && a.toLowerCase() === b.toLowerCase());
}
