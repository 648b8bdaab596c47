/**
 * Recorded Sysmon events back into activities (`sim replay`): the event id
 * gives the kind, the EventData the fields. Only the forwarded ids become
 * activities; Sysmon's own events (4, 16, 255) and other ids are skipped,
 * because the simulated Sysmon writes its own.
 */
import { activityKindOfEventId, type ActivityInput } from './activity';

/** The parts of an EventRecord (@sysward/evtx) this needs. */
export interface RecordedEvent {
  eventId: number;
  provider: { name: string; guid: string | null };
  eventData: Readonly<Record<string, string>>;
}

const SYSMON_PROVIDER = /^Microsoft-Windows-Sysmon$/i;
const SYSMON_GUID = '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}';

export function activityFromRecord(record: RecordedEvent, origin: string): ActivityInput | null {
  const isSysmon = record.provider.guid ? record.provider.guid.toUpperCase() === SYSMON_GUID : SYSMON_PROVIDER.test(record.provider.name);
  if (!isSysmon) return null;
  const kind = activityKindOfEventId(record.eventId);
  if (!kind) return null;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.eventData)) {
    if (name !== 'UtcTime' && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) fields[name] = value;
  }
  return { kind, fields, origin };
}
