/**
 * One rendered Windows event, as both the .evtx reader and the live-channel
 * XML parser (EvtRender output) produce it. The normaliser consumes only this
 * shape, so the offline and live paths feed the same code.
 *
 * Values are strings written the way Windows renders them in event XML:
 * upper-case GUIDs in braces, `true`/`false`, hex integers as 0x…, binary as
 * upper-case hex, SYSTEMTIME/FILETIME as ISO 8601 UTC with 7 fractional digits.
 */
export interface EventRecord {
  /** EventRecordID from the System section (falls back to the record header's id). */
  recordId: number;
  /** System/TimeCreated/@SystemTime, ISO 8601 UTC with 7 fractional digits; null when absent or invalid. */
  timeCreated: string | null;
  provider: EventProvider;
  channel: string;
  eventId: number;
  /** System/EventID/@Qualifiers when present. */
  qualifiers: number | null;
  version: number;
  level: number | null;
  task: number | null;
  opcode: number | null;
  /** Keywords as rendered, e.g. 0x8000000000000000. */
  keywords: string | null;
  computer: string;
  processId: number | null;
  threadId: number | null;
  /** System/Security/@UserID, null when absent. */
  userSid: string | null;
  /** Where the payload came from: EventData (named Data), UserData, or none. */
  dataKind: 'EventData' | 'UserData' | 'none';
  /**
   * Payload fields, name to value. Unnamed <Data> elements are kept under
   * `Data[0]`, `Data[1]`, … (index among unnamed items); UserData leaves under
   * their element path joined with '/', e.g. `LogFileCleared/SubjectUserName`.
   */
  eventData: Record<string, string>;
  flags: RecordFlags;
}

export interface EventProvider {
  name: string;
  /** Upper-case braced GUID, or null when the provider element has none. */
  guid: string | null;
  eventSourceName: string | null;
}

export interface RecordFlags {
  /** Found past the chunk header's stated last record or free-space offset (dirty log). */
  recovered: boolean;
  /** Rendered, but some element or value could not be decoded (see errors). */
  partial: boolean;
  /** What went wrong while rendering, one short message each. Empty when clean. */
  errors: string[];
}
