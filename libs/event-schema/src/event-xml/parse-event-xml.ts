/**
 * Event XML as Windows' EvtRender(EvtRenderEventXml) writes it -> the same
 * EventRecord the .evtx reader produces, so the live and offline paths share the
 * normaliser (BUG-12). Conventions shared with the .evtx reader:
 * - EventData: <Data Name='X'> under X; unnamed <Data> under Data[0], Data[1], …
 *   (index among unnamed items); any other element (e.g. <Binary>) under its name.
 * - UserData: each leaf under its element path below UserData joined with '/', e.g.
 *   LogFileCleared/SubjectUserName; attributes (other than xmlns) under path/@name.
 * - A key that is already taken gets [1], [2], … appended.
 * - TimeCreated is re-spelled with 7 fractional digits; the provider GUID upper-case.
 */
import type { EventRecord, RecordFlags } from '@sysward/evtx';
import { canonicalSystemTime } from '../parse/date-time';
import { normaliseGuid } from '../parse/guid';
import { EventXmlError } from './event-xml-error';
import { attribute, childElements, firstChild, isWhitespace, parseXmlDocument, textContent, XmlElement } from './xml-tree';

export interface ParseEventXmlOptions {
  /** Larger documents are refused (EventXmlError). Default 4 Mi chars. */
  readonly maxDocumentChars?: number;
  /** Longer payload values are cut to this length and the record flagged partial. Default 128 Ki chars. */
  readonly maxFieldChars?: number;
  /** Deeper element nesting is refused. Default 32. */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_DOCUMENT_CHARS = 4 * 1024 * 1024;
/** An event's payload is at most 64 KiB, i.e. 32 Ki UTF-16 characters: four times that is never real. */
export const DEFAULT_MAX_FIELD_CHARS = 128 * 1024;
export const DEFAULT_MAX_DEPTH = 32;

export function parseEventXml(xml: string, options: ParseEventXmlOptions = {}): EventRecord {
  if (typeof xml !== 'string') throw new EventXmlError(`expected a string, got ${typeof xml}`, 0, 1, 1);
  const maxDocumentChars = options.maxDocumentChars ?? DEFAULT_MAX_DOCUMENT_CHARS;
  const maxFieldChars = options.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS;
  if (xml.length > maxDocumentChars) {
    throw new EventXmlError(`document is ${xml.length} characters, over the limit of ${maxDocumentChars}`, 0, 1, 1);
  }
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  const root = parseXmlDocument(text, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  const fail = (at: XmlElement, reason: string) => EventXmlError.at(text, at.offset, reason);
  if (root.localName !== 'Event') throw fail(root, `root element is <${root.name}>, expected <Event>`);
  const system = firstChild(root, 'System');
  if (!system) throw fail(root, '<Event> has no <System> element');

  const flags: RecordFlags = { recovered: false, partial: false, errors: [] };
  const note = (message: string) => {
    flags.partial = true;
    flags.errors.push(message);
  };
  const leafText = (name: string): { element: XmlElement; value: string } | null => {
    const element = firstChild(system, name);
    return element ? { element, value: textContent(element).trim() } : null;
  };
  const optionalNumber = (label: string, raw: string | null, max: number): number | null => {
    if (raw === null || raw === '') return null;
    const n = /^[0-9]{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (Number.isNaN(n) || n > max) {
      note(`System/${label}: ${JSON.stringify(raw)} is not a number in 0..${max}`);
      return null;
    }
    return n;
  };

  const eventIdElement = leafText('EventID');
  if (!eventIdElement) throw fail(system, '<System> has no <EventID>');
  const eventId = requiredNumber(eventIdElement.value, 0xffff);
  if (eventId === null) throw fail(eventIdElement.element, `EventID ${JSON.stringify(eventIdElement.value)} is not a number in 0..65535`);
  const recordIdElement = leafText('EventRecordID');
  if (!recordIdElement) throw fail(system, '<System> has no <EventRecordID>');
  const recordId = requiredNumber(recordIdElement.value, Number.MAX_SAFE_INTEGER);
  if (recordId === null) throw fail(recordIdElement.element, `EventRecordID ${JSON.stringify(recordIdElement.value)} is not a non-negative integer`);

  const provider = firstChild(system, 'Provider');
  const rawGuid = provider ? attribute(provider, 'Guid') : null;
  let guid: string | null = null;
  if (rawGuid !== null && rawGuid !== '') {
    guid = normaliseGuid(rawGuid);
    if (guid === null) note(`System/Provider/@Guid: ${JSON.stringify(rawGuid)} is not a GUID`);
  }
  const timeElement = firstChild(system, 'TimeCreated');
  const rawTime = timeElement ? attribute(timeElement, 'SystemTime') : null;
  let timeCreated: string | null = null;
  if (rawTime !== null) {
    timeCreated = canonicalSystemTime(rawTime.trim());
    if (timeCreated === null) note(`System/TimeCreated/@SystemTime: ${JSON.stringify(rawTime)} is not a valid UTC time`);
  }
  const execution = firstChild(system, 'Execution');
  const security = firstChild(system, 'Security');
  const userSid = security ? attribute(security, 'UserID') : null;
  const keywords = leafText('Keywords');

  const payload = readPayload(root, maxFieldChars, note);
  return {
    recordId,
    timeCreated,
    provider: {
      name: provider ? (attribute(provider, 'Name') ?? '') : '',
      guid,
      eventSourceName: provider ? attribute(provider, 'EventSourceName') : null,
    },
    channel: leafText('Channel')?.value ?? '',
    eventId,
    qualifiers: optionalNumber('EventID/@Qualifiers', attribute(eventIdElement.element, 'Qualifiers'), 0xffff),
    version: optionalNumber('Version', leafText('Version')?.value ?? null, 0xff) ?? 0,
    level: optionalNumber('Level', leafText('Level')?.value ?? null, 0xff),
    task: optionalNumber('Task', leafText('Task')?.value ?? null, 0xffff),
    opcode: optionalNumber('Opcode', leafText('Opcode')?.value ?? null, 0xff),
    keywords: keywords && keywords.value !== '' ? keywords.value : null,
    computer: leafText('Computer')?.value ?? '',
    processId: optionalNumber('Execution/@ProcessID', execution ? attribute(execution, 'ProcessID') : null, 0xffffffff),
    threadId: optionalNumber('Execution/@ThreadID', execution ? attribute(execution, 'ThreadID') : null, 0xffffffff),
    userSid: userSid === null || userSid === '' ? null : userSid,
    dataKind: payload.kind,
    eventData: payload.data,
    flags,
  };
}

function requiredNumber(raw: string, max: number): number | null {
  if (!/^[0-9]{1,16}$/.test(raw)) return null;
  const n = Number(raw);
  return n <= max ? n : null;
}

interface Payload {
  readonly kind: EventRecord['dataKind'];
  readonly data: Record<string, string>;
}

function readPayload(root: XmlElement, maxFieldChars: number, note: (message: string) => void): Payload {
  const data: Record<string, string> = {};
  const put = (key: string, value: string) => {
    let unique = key;
    for (let n = 1; Object.prototype.hasOwnProperty.call(data, unique); n++) unique = `${key}[${n}]`;
    if (value.length > maxFieldChars) {
      note(`${unique}: ${value.length} characters, cut to the limit of ${maxFieldChars}`);
      value = value.slice(0, maxFieldChars);
    }
    // defineProperty, so that a (hostile) name such as __proto__ is stored as a field.
    Object.defineProperty(data, unique, { value, enumerable: true, writable: true, configurable: true });
  };

  const eventData = firstChild(root, 'EventData');
  if (eventData) {
    let unnamed = 0;
    for (const child of eventData.children) {
      if (typeof child === 'string') {
        if (!isWhitespace(child)) note(`EventData: text outside <Data> ignored: ${JSON.stringify(child.slice(0, 40))}`);
        continue;
      }
      const name = child.localName === 'Data' ? attribute(child, 'Name') : null;
      const key = child.localName === 'Data' ? (name ?? `Data[${unnamed++}]`) : child.localName;
      if (childElements(child).length > 0) note(`EventData/${key}: nested elements; their text is kept`);
      put(key, textContent(child));
    }
    return { kind: 'EventData', data };
  }
  const userData = firstChild(root, 'UserData');
  if (userData) {
    for (const child of childElements(userData)) collectLeaves(child, child.localName, put, note);
    return { kind: 'UserData', data };
  }
  return { kind: 'none', data };
}

function collectLeaves(
  element: XmlElement,
  path: string,
  put: (key: string, value: string) => void,
  note: (message: string) => void,
): void {
  for (const a of element.attributes) {
    if (a.name !== 'xmlns' && !a.name.startsWith('xmlns:')) put(`${path}/@${a.name}`, a.value);
  }
  const elements = childElements(element);
  if (elements.length === 0) {
    put(path, textContent(element));
    return;
  }
  for (const c of element.children) {
    if (typeof c === 'string') {
      if (!isWhitespace(c)) note(`UserData/${path}: text beside child elements ignored: ${JSON.stringify(c.slice(0, 40))}`);
    } else {
      collectLeaves(c, `${path}/${c.localName}`, put, note);
    }
  }
}
