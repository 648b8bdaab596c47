/**
 * R-EV-4: events of every Sysmon schema (Sysmon 6 to 15, and the older 2.0 / 3.x
 * lists too) normalise by field name. Records are built from each schema version's
 * field list (fixtures/sysmon-schema, copied from corpus/sysmon-schema).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalise } from '../src';
import { comparable, CONTEXT, eventOf, payloadOf, sysmonRecord } from './helpers/records';

interface SchemaFile {
  schemas: Record<string, Record<string, string[]>>;
}
const schemaFile = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'sysmon-schema', 'focus_fields_by_schema_version.json'), 'utf8'),
) as SchemaFile;

const PAYLOAD_OF_EVENT: Record<string, string> = {
  '1': 'processCreate',
  '3': 'networkConnect',
  '8': 'createRemoteThread',
  '10': 'processAccess',
  '13': 'registryValueSet',
  '25': 'processTampering',
};

const SHA1 = 'CE8E487CB76704FE5FBB821A78A1E969EFBE71F9';
const MD5 = 'A27A24553B2C36E139647F88DF738C35';

/**
 * What each field is written as and what its typed slot must hold. Written out here,
 * independently of the normaliser's own tables; a field name this table does not
 * know fails the test, so a new schema field cannot slip through unchecked.
 */
const TYPED: Record<string, { raw: string; slot?: string; typed: unknown; bytesSlot?: string; bytes?: number[] }> = {
  UtcTime: { raw: '2017-12-26 13:10:29.134', slot: 'utcTimeUnixNanos', typed: 1514293829134000000n },
  ProcessGuid: { raw: '{94f748d5-4a45-5a42-0000-0010d265f20f}', typed: '{94F748D5-4A45-5A42-0000-0010D265F20F}' },
  ParentProcessGuid: { raw: '{94F748D5-D211-597D-0000-00109BD2C107}', typed: '{94F748D5-D211-597D-0000-00109BD2C107}' },
  LogonGuid: { raw: '{94f748d5-5a64-5966-0000-0020e7030000}', typed: '{94F748D5-5A64-5966-0000-0020E7030000}' },
  SourceProcessGuid: { raw: '{365abb72-0c16-5d1d-0000-00108b721100}', typed: '{365ABB72-0C16-5D1D-0000-00108B721100}' },
  TargetProcessGuid: { raw: '{365abb72-3d37-5ce0-0000-001013dc0b00}', typed: '{365ABB72-3D37-5CE0-0000-001013DC0B00}' },
  SourceProcessGUID: { raw: '{747f3d96-6e19-6082-0000-0010f6600000}', slot: 'sourceProcessGuid', typed: '{747F3D96-6E19-6082-0000-0010F6600000}' },
  TargetProcessGUID: { raw: '{747f3d96-6e19-6082-0000-001070650000}', slot: 'targetProcessGuid', typed: '{747F3D96-6E19-6082-0000-001070650000}' },
  ProcessId: { raw: '9112', typed: 9112 },
  ParentProcessId: { raw: '8392', typed: 8392 },
  SourceProcessId: { raw: '4', typed: 4 },
  TargetProcessId: { raw: '672', typed: 672 },
  SourceThreadId: { raw: '5252', typed: 5252 },
  NewThreadId: { raw: '1364', typed: 1364 },
  TerminalSessionId: { raw: '1', typed: 1 },
  LogonId: { raw: '0x00000000000003e7', typed: 999n },
  SequenceNumber: { raw: '123456789012', typed: 123456789012n },
  GrantedAccess: { raw: '0x1410', typed: 0x1410 },
  StartAddress: { raw: '0x000001B1ED740000', typed: 0x000001b1ed740000n },
  Hashes: { raw: `SHA1=${SHA1},MD5=${MD5}`, typed: { SHA1: SHA1.toLowerCase(), MD5: MD5.toLowerCase() } },
  Initiated: { raw: 'true', typed: true },
  SourceIsIpv6: { raw: 'false', typed: false },
  DestinationIsIpv6: { raw: 'True', typed: true },
  SourceIp: { raw: '192.0.2.10', typed: '192.0.2.10', bytesSlot: 'sourceIpBytes', bytes: [192, 0, 2, 10] },
  DestinationIp: { raw: '2001:DB8::0:1', typed: '2001:db8::1', bytesSlot: 'destinationIpBytes', bytes: [0x20, 1, 0x0d, 0xb8, ...Array(11).fill(0), 1] },
  SourcePort: { raw: '49159', typed: 49159 },
  DestinationPort: { raw: '443', typed: 443 },
  Details: { raw: 'DWORD (0x00000004)', typed: { dword: 4 } },
  IntegrityLevel: { raw: 'High', typed: 'High' },
  User: { raw: 'NT AUTHORITY\\SYSTEM', typed: 'NT AUTHORITY\\SYSTEM' },
  ParentUser: { raw: 'DESKTOP\\analyst', typed: 'DESKTOP\\analyst' },
  SourceUser: { raw: 'NT AUTHORITY\\SYSTEM', typed: 'NT AUTHORITY\\SYSTEM' },
  TargetUser: { raw: 'DESKTOP\\analyst', typed: 'DESKTOP\\analyst' },
};

/** Free-text fields: the slot holds exactly what was written. */
const TEXT = new Set([
  'RuleName', 'Image', 'FileVersion', 'Description', 'Product', 'Company', 'OriginalFileName', 'CommandLine',
  'CurrentDirectory', 'ParentImage', 'ParentCommandLine', 'Protocol', 'SourceHostname', 'SourcePortName',
  'DestinationHostname', 'DestinationPortName', 'SourceImage', 'TargetImage', 'StartModule', 'StartFunction',
  'CallTrace', 'EventType', 'TargetObject', 'Type',
]);

function slotName(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}

const cases: [string, string, string[]][] = [];
for (const [version, events] of Object.entries(schemaFile.schemas)) {
  for (const [eventId, fields] of Object.entries(events)) cases.push([version, eventId, fields]);
}

describe('R-EV-4: every schema version normalises by field name (fixtures from corpus/sysmon-schema)', () => {
  it('covers every schema version from 2.0 to 4.91 and all six forwarded ids', () => {
    const versions = Object.keys(schemaFile.schemas);
    expect(versions).toEqual(expect.arrayContaining(['2.0', '3.3', '3.4', '4.0', '4.50', '4.81', '4.90(win)', '4.91(win)']));
    expect(new Set(cases.map((c) => c[1]))).toEqual(new Set(['1', '3', '8', '10', '13', '25']));
  });

  it.each(cases)('schema %s, event %s: every field in its typed slot, none dropped, no errors', (_version, eventId, fields) => {
    const eventData: Record<string, string> = {};
    for (const f of fields) {
      if (!TYPED[f] && !TEXT.has(f)) throw new Error(`test table does not know field ${f}: add it`);
      eventData[f] = TYPED[f]?.raw ?? `${f} value ®`;
    }
    const event = eventOf(normalise(sysmonRecord(Number(eventId), eventData), CONTEXT));
    expect(event.payload).toBe(PAYLOAD_OF_EVENT[eventId]);
    expect(event.parseErrors).toEqual([]);
    expect(event.extraFields).toEqual({});
    expect(event.fieldShiftSuspected).toBeFalsy();
    const payload = payloadOf(event);
    for (const f of fields) {
      const typed = TYPED[f];
      const slot = typed?.slot ?? slotName(f);
      expect([f, comparable(payload[slot])]).toEqual([f, typed ? typed.typed : eventData[f]]);
      if (typed?.bytesSlot) expect([f, comparable(payload[typed.bytesSlot])]).toEqual([f, typed.bytes]);
    }
  });

  it.each(cases)('schema %s, event %s: field names match case-insensitively and in any order (BUG-08)', (_version, eventId, fields) => {
    const eventData: Record<string, string> = {};
    for (const f of [...fields].reverse()) eventData[f.toUpperCase()] = TYPED[f]?.raw ?? `${f} value`;
    const event = eventOf(normalise(sysmonRecord(Number(eventId), eventData), CONTEXT));
    expect(event.extraFields).toEqual({});
    expect(event.parseErrors).toEqual([]);
    const payload = payloadOf(event);
    const filled = Object.keys(payload).filter((k) => payload[k] !== undefined && payload[k] !== null);
    const expectedSlots = fields.flatMap((f) => [TYPED[f]?.slot ?? slotName(f), ...(TYPED[f]?.bytesSlot ? [TYPED[f].bytesSlot as string] : [])]);
    expect(new Set(filled.filter((k) => !(k === 'hashes' && Object.keys(payload[k] as object).length === 0)))).toEqual(new Set(expectedSlots));
  });
});
