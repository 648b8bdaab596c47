/**
 * Event XML in the shape Windows' EvtRender(EvtRenderEventXml) produces:
 * single-quoted attributes, no whitespace between elements, TimeCreated with
 * 7 fractional digits, <Data Name='...'> items (or unnamed ones for legacy
 * providers), UserData with the provider's own element. The monitor parses it
 * with the same parseEventXml it uses on a real host.
 */

export type EventPayload =
  | { kind: 'EventData'; items: ReadonlyArray<readonly [string | null, string]>; binary?: string }
  | { kind: 'UserData'; element: string; xmlns: string; items: ReadonlyArray<readonly [string, string]> }
  | { kind: 'none' };

export interface EventSpec {
  provider: { name: string; guid?: string; eventSourceName?: string };
  eventId: number;
  qualifiers?: number;
  version: number;
  level: number;
  task: number;
  opcode: number;
  keywords: string;
  processId: number;
  threadId: number;
  userSid: string | null;
  payload: EventPayload;
}

const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** ISO 8601 UTC with 7 fractional digits, as Windows renders SystemTime. */
export function formatSystemTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000Z`;
}

export function renderEventXml(spec: EventSpec, channel: string, computer: string, recordId: number, timeMs: number): string {
  const p = spec.provider;
  const provider =
    `<Provider Name='${attr(p.name)}'` + (p.guid ? ` Guid='${attr(p.guid)}'` : '') + (p.eventSourceName ? ` EventSourceName='${attr(p.eventSourceName)}'` : '') + '/>';
  const eventId = spec.qualifiers === undefined ? `<EventID>${spec.eventId}</EventID>` : `<EventID Qualifiers='${spec.qualifiers}'>${spec.eventId}</EventID>`;
  const security = spec.userSid ? `<Security UserID='${attr(spec.userSid)}'/>` : '<Security/>';
  const system =
    `<System>${provider}${eventId}<Version>${spec.version}</Version><Level>${spec.level}</Level><Task>${spec.task}</Task>` +
    `<Opcode>${spec.opcode}</Opcode><Keywords>${spec.keywords}</Keywords><TimeCreated SystemTime='${formatSystemTime(timeMs)}'/>` +
    `<EventRecordID>${recordId}</EventRecordID><Correlation/><Execution ProcessID='${spec.processId}' ThreadID='${spec.threadId}'/>` +
    `<Channel>${text(channel)}</Channel><Computer>${text(computer)}</Computer>${security}</System>`;
  return `<Event xmlns='${EVENT_NS}'>${system}${renderPayload(spec.payload)}</Event>`;
}

function renderPayload(payload: EventPayload): string {
  switch (payload.kind) {
    case 'none':
      return '';
    case 'EventData': {
      const items = payload.items.map(([name, value]) => (name === null ? `<Data>${text(value)}</Data>` : `<Data Name='${attr(name)}'>${text(value)}</Data>`));
      const binary = payload.binary ? `<Binary>${payload.binary}</Binary>` : '';
      return `<EventData>${items.join('')}${binary}</EventData>`;
    }
    case 'UserData': {
      const items = payload.items.map(([name, value]) => `<${name}>${text(value)}</${name}>`);
      return `<UserData><${payload.element} xmlns='${attr(payload.xmlns)}'>${items.join('')}</${payload.element}></UserData>`;
    }
  }
}

/** The payload as the flat map EventRecord.eventData uses (unnamed items as Data[i], UserData as Element/Name). */
export function flattenPayload(payload: EventPayload): Record<string, string> {
  const out: Record<string, string> = {};
  if (payload.kind === 'EventData') {
    let unnamed = 0;
    for (const [name, value] of payload.items) out[name ?? `Data[${unnamed++}]`] = value;
  } else if (payload.kind === 'UserData') {
    for (const [name, value] of payload.items) out[`${payload.element}/${name}`] = value;
  }
  return out;
}

// Characters XML 1.0 cannot carry at all; Windows renders them as nothing useful either.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(value: string): string {
  return value.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}
