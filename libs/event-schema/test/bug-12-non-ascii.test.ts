/**
 * BUG-12: non-ASCII Sysmon fields (Cyrillic, ®, CJK, an emoji surrogate pair) must
 * reach every output as the exact UTF-8 of the UTF-16 source, converted once, and
 * the live (event XML) and offline (.evtx EventRecord) paths must agree byte for byte.
 */
import type { EventRecord } from '@sysward/evtx';
import {
  decodeDeliveryRecord,
  deliveryRecordFromJson,
  deliveryRecordToJson,
  deliveryRecordToJsonLine,
  encodeDeliveryRecord,
  normalise,
  parseEventXml,
} from '../src';
import { CONTEXT, eventOf } from './helpers/records';

const PRODUCT = 'Операционная система Microsoft® Windows®';
const IMAGE = 'C:\\Users\\<USER>\\桌面\\工具.exe';
const COMMAND_LINE = '"C:\\Users\\<USER>\\桌面\\工具.exe" --name "x\\"y" 😀';
const CURRENT_DIRECTORY = 'C:\\Users\\<USER>\\桌面\\';

/** What the .evtx reader produces for the record (strings decoded once from UTF-16). */
const offlineRecord: EventRecord = {
  recordId: 4242,
  timeCreated: '2024-03-01T08:00:00.1234567Z',
  provider: { name: 'Microsoft-Windows-Sysmon', guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}', eventSourceName: null },
  channel: 'Microsoft-Windows-Sysmon/Operational',
  eventId: 1,
  qualifiers: null,
  version: 5,
  level: 4,
  task: 1,
  opcode: 0,
  keywords: '0x8000000000000000',
  computer: 'ПК-01',
  processId: 3100,
  threadId: 4100,
  userSid: 'S-1-5-18',
  dataKind: 'EventData',
  eventData: {
    RuleName: '-',
    UtcTime: '2024-03-01 08:00:00.120',
    ProcessGuid: '{0FD50764-2919-6440-8CC7-280100000000}',
    ProcessId: '7712',
    Image: IMAGE,
    Description: 'Windows PowerShell',
    Product: PRODUCT,
    CommandLine: COMMAND_LINE,
    CurrentDirectory: CURRENT_DIRECTORY,
    LogonId: '0x000000000012beca',
    Initiated: 'true',
  },
  flags: { recovered: false, partial: false, errors: [] },
};

function escapeXml(text: string, astralAsReference: boolean): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
  return astralAsReference ? escaped.replace(/[\u{10000}-\u{10FFFF}]/gu, (c) => `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`) : escaped;
}

/** The same record as EvtRender writes it (lower-case GUIDs, 9-digit SystemTime, short LogonId). */
function liveXml(astralAsReference: boolean): string {
  const data = { ...offlineRecord.eventData, ProcessGuid: '{0fd50764-2919-6440-8cc7-280100000000}', LogonId: '0x12beca' };
  const dataXml = Object.entries(data)
    .map(([k, v]) => `<Data Name='${k}'>${escapeXml(v, astralAsReference)}</Data>`)
    .join('');
  return (
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>" +
    "<Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/>" +
    '<EventID>1</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>' +
    "<TimeCreated SystemTime='2024-03-01T08:00:00.123456700Z'/><EventRecordID>4242</EventRecordID><Correlation/>" +
    "<Execution ProcessID='3100' ThreadID='4100'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel>" +
    `<Computer>ПК-01</Computer><Security UserID='S-1-5-18'/></System><EventData>${dataXml}</EventData></Event>`
  );
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack).indexOf(Buffer.from(needle)) >= 0;
}

describe('BUG-12: non-ASCII fields round-trip byte-identically', () => {
  const offline = eventOf(normalise(offlineRecord, CONTEXT));

  it('the strings land unchanged in their slots', () => {
    const p = offline.processCreate!;
    expect([p.product, p.image, p.commandLine, p.currentDirectory, p.description]).toEqual([PRODUCT, IMAGE, COMMAND_LINE, CURRENT_DIRECTORY, 'Windows PowerShell']);
    expect(offline.hostName).toBe('ПК-01');
  });

  it.each([
    ['astral characters written literally', false],
    ['astral characters as character references', true],
  ])('live XML (%s) and offline EventRecord give identical normalised events and identical bytes', (_title, astralAsReference) => {
    const live = eventOf(normalise(parseEventXml(liveXml(astralAsReference)), CONTEXT));
    expect(live).toEqual(offline);
    expect(Buffer.from(encodeDeliveryRecord({ event: live })).equals(Buffer.from(encodeDeliveryRecord({ event: offline })))).toBe(true);
    expect(deliveryRecordToJsonLine({ event: live })).toBe(deliveryRecordToJsonLine({ event: offline }));
  });

  it('the protobuf bytes hold the exact UTF-8 of each string (converted once, not twice)', () => {
    const bytes = encodeDeliveryRecord({ event: offline });
    for (const s of [PRODUCT, IMAGE, COMMAND_LINE]) {
      expect(contains(bytes, Buffer.from(s, 'utf8'))).toBe(true);
      // The double-encoded form (UTF-8 bytes read as Latin-1, encoded again) must not appear.
      expect(contains(bytes, Buffer.from(Buffer.from(s, 'utf8').toString('latin1'), 'utf8'))).toBe(false);
    }
  });

  it('normalise -> encode -> decode -> JSON -> parse -> encode gives the same bytes', () => {
    const bytes = encodeDeliveryRecord({ event: offline });
    const decoded = decodeDeliveryRecord(bytes);
    const line = deliveryRecordToJsonLine(decoded);
    expect(line).not.toMatch(/\n/);
    expect(line).toBe(deliveryRecordToJsonLine({ event: offline }));
    const parsed = JSON.parse(line) as { event: { processCreate: Record<string, string> } };
    expect(parsed.event.processCreate.product).toBe(PRODUCT);
    expect(parsed.event.processCreate.commandLine).toBe(COMMAND_LINE);
    expect(contains(Buffer.from(line, 'utf8'), Buffer.from(PRODUCT, 'utf8'))).toBe(true);
    const again = encodeDeliveryRecord(deliveryRecordFromJson(parsed));
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    expect(deliveryRecordToJson(decoded)).toEqual(deliveryRecordToJson({ event: offline }));
  });
});
