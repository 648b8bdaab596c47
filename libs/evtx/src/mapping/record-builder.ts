import type { EventRecord } from '../event-record';
import type { IssueSink } from '../binxml/value-render';
import {
  SF_CHANNEL,
  SF_COMPUTER,
  SF_EVENT_ID,
  SF_EVENT_SOURCE_NAME,
  SF_KEYWORDS,
  SF_LEVEL,
  SF_OPCODE,
  SF_PROCESS_ID,
  SF_PROVIDER_GUID,
  SF_PROVIDER_NAME,
  SF_QUALIFIERS,
  SF_RECORD_ID,
  SF_TASK,
  SF_THREAD_ID,
  SF_TIME_CREATED,
  SF_USER_ID,
  SF_VERSION,
  SYSTEM_FIELD_COUNT,
} from './plan';

/** At most this many error messages are kept per record; the rest are counted. */
const MAX_ERRORS_PER_RECORD = 16;
/** Separator for values that land on the same key (array items, repeated elements). */
export const REPEATED_VALUE_SEPARATOR = ', ';

const SYSTEM_FIELD_NAMES = [
  'Provider/@Name',
  'Provider/@Guid',
  'Provider/@EventSourceName',
  'EventID',
  'EventID/@Qualifiers',
  'Version',
  'Level',
  'Task',
  'Opcode',
  'Keywords',
  'TimeCreated/@SystemTime',
  'EventRecordID',
  'Execution/@ProcessID',
  'Execution/@ThreadID',
  'Channel',
  'Computer',
  'Security/@UserID',
];

/** Collects one record's fields while its plan runs, then builds the EventRecord. */
export class RecordBuilder implements IssueSink {
  readonly system: (string | null)[] = new Array<string | null>(SYSTEM_FIELD_COUNT).fill(null);
  /** Integer System values taken as numbers (NaN: none), instead of decimal text parsed back in build(). */
  private readonly systemIntegers: number[] = new Array<number>(SYSTEM_FIELD_COUNT).fill(Number.NaN);
  eventData: Record<string, string> = {};
  dataKind: EventRecord['dataKind'] = 'none';
  unnamedData = 0;
  errors: string[] = [];
  private droppedErrors = 0;

  reset(): void {
    this.system.fill(null);
    this.systemIntegers.fill(Number.NaN);
    this.eventData = {};
    this.dataKind = 'none';
    this.unnamedData = 0;
    this.errors = [];
    this.droppedErrors = 0;
  }

  issue(message: string): void {
    if (this.errors.length < MAX_ERRORS_PER_RECORD) this.errors.push(message);
    else this.droppedErrors++;
  }

  setSystem(field: number, value: string): void {
    let previous = this.system[field];
    const integer = this.systemIntegers[field];
    if (!Number.isNaN(integer)) {
      // A second value for the field: join them as text, as if the first had been text too.
      previous = `${integer}`;
      this.systemIntegers[field] = Number.NaN;
    }
    this.system[field] = previous === null ? value : previous + REPEATED_VALUE_SEPARATOR + value;
  }

  /** setSystem(field, `${value}`) for an integer read straight from its bytes. */
  setSystemInteger(field: number, value: number): void {
    if (this.system[field] !== null || !Number.isNaN(this.systemIntegers[field])) this.setSystem(field, `${value}`);
    else this.systemIntegers[field] = value;
  }

  put(key: string, value: string): void {
    const previous = this.eventData[key];
    this.eventData[key] = previous === undefined ? value : previous + REPEATED_VALUE_SEPARATOR + value;
  }

  putUnnamed(value: string): void {
    this.eventData[`Data[${this.unnamedData++}]`] = value;
  }

  /** The EventRecordID the System section gave, or null. */
  systemRecordId(): number | null {
    return this.integer(SF_RECORD_ID, false);
  }

  private integer(field: number, report = true): number | null {
    const integer = this.systemIntegers[field];
    if (!Number.isNaN(integer)) return integer;
    const text = this.system[field];
    if (text === null || text === '') return null;
    const value = Number(text);
    if (Number.isInteger(value)) return value;
    if (report) this.issue(`${SYSTEM_FIELD_NAMES[field]} is not an integer: ${JSON.stringify(text)}`);
    return null;
  }

  private text(field: number): string | null {
    const text = this.system[field];
    return text === null || text === '' ? null : text;
  }

  build(headerRecordId: number, recovered: boolean): EventRecord {
    const systemRecordId = this.integer(SF_RECORD_ID);
    const record: EventRecord = {
      // A missing or zero EventRecordID (torn or template-less records) falls back to the record header.
      recordId: systemRecordId === null || systemRecordId === 0 ? headerRecordId : systemRecordId,
      timeCreated: this.text(SF_TIME_CREATED),
      provider: {
        name: this.system[SF_PROVIDER_NAME] ?? '',
        // Substituted GUIDs are rendered upper-case; literal ones in templates keep the writer's case.
        guid: this.text(SF_PROVIDER_GUID)?.toUpperCase() ?? null,
        eventSourceName: this.text(SF_EVENT_SOURCE_NAME),
      },
      channel: this.system[SF_CHANNEL] ?? '',
      eventId: this.integer(SF_EVENT_ID) ?? 0,
      qualifiers: this.integer(SF_QUALIFIERS),
      version: this.integer(SF_VERSION) ?? 0,
      level: this.integer(SF_LEVEL),
      task: this.integer(SF_TASK),
      opcode: this.integer(SF_OPCODE),
      keywords: this.text(SF_KEYWORDS),
      computer: this.system[SF_COMPUTER] ?? '',
      processId: this.integer(SF_PROCESS_ID),
      threadId: this.integer(SF_THREAD_ID),
      userSid: this.text(SF_USER_ID),
      dataKind: this.dataKind,
      eventData: this.eventData,
      flags: { recovered, partial: false, errors: this.errors },
    };
    if (this.droppedErrors > 0) this.errors.push(`${this.droppedErrors} more errors`);
    record.flags.partial = this.errors.length > 0;
    return record;
  }
}
