/**
 * Activities are the primary truth of the simulated host: things that happen
 * (a process starts, a connection opens...). What a collector writes (Sysmon's
 * channel records, the user-mode view) is derived from them, so tests can ask
 * "was this activity seen, by whom" instead of faking collector output.
 */
import { PlatformError } from '@sysward/platform';

export const ACTIVITY_KINDS = ['process-start', 'network-connect', 'remote-thread', 'process-access', 'registry-set', 'process-tampering'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** The Sysmon event each kind becomes (R-EV-1). */
export const SYSMON_EVENT_ID: Readonly<Record<ActivityKind, number>> = {
  'process-start': 1,
  'network-connect': 3,
  'remote-thread': 8,
  'process-access': 10,
  'registry-set': 13,
  'process-tampering': 25,
};

export function activityKindOfEventId(eventId: number): ActivityKind | null {
  return ACTIVITY_KINDS.find((k) => SYSMON_EVENT_ID[k] === eventId) ?? null;
}

export interface ActivityInput {
  kind: ActivityKind;
  /**
   * Sysmon EventData names to values (Image, CommandLine, TargetObject...).
   * Fields left out get plausible values; UtcTime always comes from the time.
   */
  fields?: Readonly<Record<string, string>>;
  /** Sim clock time of the activity; default now. */
  timeMs?: number;
  /** Free text saying where the activity came from (replay file, test name). */
  origin?: string;
}

export interface RecordedActivity {
  id: number;
  kind: ActivityKind;
  timeMs: number;
  /** The Sysmon service that captured it, or null when no Sysmon was running. */
  seenBySysmon: string | null;
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function validateActivity(input: ActivityInput): void {
  if (!ACTIVITY_KINDS.includes(input.kind)) {
    throw new PlatformError('INVALID_ARGUMENT', `unknown activity kind ${JSON.stringify(input.kind)}; expected one of ${ACTIVITY_KINDS.join(', ')}`);
  }
  for (const [name, value] of Object.entries(input.fields ?? {})) {
    if (!FIELD_NAME.test(name)) throw new PlatformError('INVALID_ARGUMENT', `activity field name ${JSON.stringify(name)} is not a valid EventData name`);
    if (typeof value !== 'string') throw new PlatformError('INVALID_ARGUMENT', `activity field ${name} must be a string, got ${typeof value}`);
    if (value.length > 32_768) throw new PlatformError('INVALID_ARGUMENT', `activity field ${name} is longer than 32768 characters`);
  }
  if (input.timeMs !== undefined && !Number.isFinite(input.timeMs)) throw new PlatformError('INVALID_ARGUMENT', 'activity time must be a finite number of ms');
}
