import type { EventRecord } from '@sysward/evtx';
import {
  classifySource,
  Collector,
  deliveryRecordToJson,
  detectFieldShift,
  encodeDeliveryRecord,
  decodeDeliveryRecord,
  longToBigInt,
  normalise,
  NormaliseError,
} from '../src';
import { comparable, CONTEXT, eventOf, payloadOf, SYSMON_CHANNEL, SYSMON_GUID, sysmonRecord } from './helpers/records';

const SHA1 = 'CE8E487CB76704FE5FBB821A78A1E969EFBE71F9';
const MD5 = 'A27A24553B2C36E139647F88DF738C35';
const SHA256 = '8F16A431C919A0AA7C9466EC1CDC1E721F30EB5C8182835585A1B74ABECB1920';
const IMPHASH = '0EB64EACA8C951D760EEA1A941A2A3F7';
const HASHES = `SHA1=${SHA1},MD5=${MD5},SHA256=${SHA256},IMPHASH=${IMPHASH}`;

describe('R-EV-2: which records are Sysmon events (classifySource)', () => {
  it.each<[string, string, string, string | null, string]>([
    ['exact names and GUID', SYSMON_CHANNEL, 'Microsoft-Windows-Sysmon', SYSMON_GUID, 'sysmon'],
    ['any case, lower-case GUID', SYSMON_CHANNEL.toLowerCase(), 'microsoft-windows-sysmon', SYSMON_GUID.toLowerCase(), 'sysmon'],
    ['GUID without braces', SYSMON_CHANNEL, 'Microsoft-Windows-Sysmon', '5770385F-C22A-43E0-BF4C-06F5698FFBD9', 'sysmon'],
    ['no GUID: by provider name', SYSMON_CHANNEL, 'Microsoft-Windows-Sysmon', null, 'sysmon'],
    ['the GUID decides over a wrong name', SYSMON_CHANNEL, 'Sysmon-Renamed', SYSMON_GUID, 'sysmon'],
    ['Security channel', 'Security', 'Microsoft-Windows-Security-Auditing', '{54849625-5478-4994-A5BA-3E3B0328C30D}', 'other-channel'],
    ['Sysmon channel, other provider GUID', SYSMON_CHANNEL, 'Microsoft-Windows-Sysmon', '{54849625-5478-4994-A5BA-3E3B0328C30D}', 'other-provider'],
    ['Sysmon channel, other provider name, no GUID', SYSMON_CHANNEL, 'Impostor', null, 'other-provider'],
    ['a similar channel', 'Microsoft-Windows-Sysmon/Operational2', 'Microsoft-Windows-Sysmon', SYSMON_GUID, 'other-channel'],
  ])('%s -> %s', (_title, channel, name, guid, verdict) => {
    expect(classifySource({ channel, provider: { name, guid, eventSourceName: null } })).toBe(verdict);
  });
});

describe('BUG-09 / R-EV-1: ids outside the forwarded set are skipped and counted, never an error', () => {
  it.each([2, 5, 7, 11, 12, 22, 23, 24, 26, 27, 28, 29, 30, 999])('Sysmon event %i is skipped', (eventId) => {
    const result = normalise(sysmonRecord(eventId, { RuleName: '-', UtcTime: '2024-01-01 00:00:00.000', TargetFilename: 'C:\\x' }), CONTEXT);
    expect(result).toEqual({ kind: 'skipped', eventId, recordId: 1742, reason: 'event-id-not-forwarded' });
  });

  it('records of other channels and providers are skipped with the reason', () => {
    const security = sysmonRecord(4624, { SubjectUserSid: 'S-1-5-18' }, {
      channel: 'Security',
      provider: { name: 'Microsoft-Windows-Security-Auditing', guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}', eventSourceName: null },
    });
    expect(normalise(security, CONTEXT)).toMatchObject({ kind: 'skipped', reason: 'other-channel', eventId: 4624 });
    const impostor = sysmonRecord(1, { Image: 'x' }, { provider: { name: 'Other', guid: '{00000000-0000-0000-0000-000000000001}', eventSourceName: null } });
    expect(normalise(impostor, CONTEXT)).toMatchObject({ kind: 'skipped', reason: 'other-provider', eventId: 1 });
  });

  it('the forwarded set is configuration: an unknown id forwarded carries its raw fields in extra_fields', () => {
    const ctx = { ...CONTEXT, forwardedEventIds: [1, 23] };
    const fileDelete = { RuleName: '-', UtcTime: '2024-01-01 00:00:00.000', TargetFilename: 'C:\\x.exe', IsExecutable: 'true' };
    const result = normalise(sysmonRecord(23, fileDelete), ctx);
    expect(result.kind).toBe('event');
    const event = eventOf(result);
    expect(event.payload ?? undefined).toBeUndefined();
    expect(event.extraFields).toEqual(fileDelete);
    expect(normalise(sysmonRecord(3, {}), ctx)).toMatchObject({ kind: 'skipped', reason: 'event-id-not-forwarded' });
    expect(normalise(sysmonRecord(3, {}), { ...CONTEXT, forwardedEventIds: new Set([3]) }).kind).toBe('event');
  });
});

describe('R-INS-11 / BUG-09: Sysmon events 4, 16 and 255 go to health', () => {
  it('event 4 (service state changed)', () => {
    const result = normalise(sysmonRecord(4, { UtcTime: '2017-09-03 12:53:24.983', State: 'Started', Version: '6.10', SchemaVersion: '3.40' }), CONTEXT);
    expect(result.kind).toBe('health');
    const event = eventOf(result);
    expect(event.payload).toBe('sysmonServiceStateChanged');
    expect(comparable(event.sysmonServiceStateChanged)).toMatchObject({ state: 'Started', version: '6.10', schemaVersion: '3.40' });
    expect(longToBigInt(event.sysmonServiceStateChanged!.utcTimeUnixNanos!)).toBe(1504443204983000000n);
  });

  it('event 16 (configuration changed), also when 16 is not in the forwarded set', () => {
    const result = normalise(
      sysmonRecord(16, { UtcTime: '2024-01-01 00:00:00.000', Configuration: 'C:\\sysmon.xml', ConfigurationFileHash: `SHA256=${SHA256}` }),
      { ...CONTEXT, forwardedEventIds: [1] },
    );
    expect(result).toMatchObject({ kind: 'health', eventId: 16 });
    expect(eventOf(result).sysmonConfigurationChanged).toMatchObject({ configuration: 'C:\\sysmon.xml', configurationFileHash: `SHA256=${SHA256}` });
    expect(eventOf(result).parseErrors).toEqual([]);
  });

  it('event 255 (error)', () => {
    const result = normalise(sysmonRecord(255, { UtcTime: '2024-01-01 00:00:00.000', ID: 'DriverCommunication', Description: 'Failed to access the driver' }), CONTEXT);
    expect(result).toMatchObject({ kind: 'health', eventId: 255 });
    expect(eventOf(result).sysmonError).toMatchObject({ id: 'DriverCommunication', description: 'Failed to access the driver' });
  });
});

describe('R-EV-3: the envelope of every event', () => {
  const record = sysmonRecord(1, { Image: 'C:\\Windows\\System32\\cmd.exe' }, {
    recordId: 196361,
    provider: { name: 'Microsoft-Windows-Sysmon', guid: '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}', eventSourceName: null },
  });

  it('carries agent, host, channel, ids, version, time (100 ns), Sysmon pid/tid, SID, collector, log instance, key, provider', () => {
    const event = eventOf(normalise(record, CONTEXT));
    expect(event.agentId).toBe('agent-7f3a');
    expect(event.hostName).toBe('HOST-01');
    expect(event.channel).toBe(SYSMON_CHANNEL);
    expect(event.eventId).toBe(1);
    expect(event.eventVersion).toBe(5);
    expect(longToBigInt(event.recordId)).toBe(196361n);
    expect(event.timeCreated).toBe('2017-12-26T13:10:29.1368792Z');
    expect(longToBigInt(event.timeCreatedUnixNanos!)).toBe(1514293829136879200n);
    expect(event.timeCreatedSuspect).toBe(false);
    expect([event.processId, event.threadId]).toEqual([2284, 5252]);
    expect(event.userSid).toBe('S-1-5-18');
    expect(event.collector).toBe(Collector.COLLECTOR_MANAGED_SYSMON);
    expect(event.logInstanceId).toBe('log-2017-12-26');
    expect(event.idempotencyKey).toBe('ev1|agent-7f3a|microsoft-windows-sysmon%2Foperational|log-2017-12-26|196361');
    expect(event.providerName).toBe('Microsoft-Windows-Sysmon');
    expect(event.providerGuid).toBe(SYSMON_GUID);
    expect([event.level, event.task, event.opcode, event.keywords]).toEqual([4, 1, 0, '0x8000000000000000']);
  });

  it('uses the configured host name over the record Computer', () => {
    expect(eventOf(normalise(record, { ...CONTEXT, hostName: 'agent-host' })).hostName).toBe('agent-host');
    expect(eventOf(normalise(record, { ...CONTEXT, hostName: '' })).hostName).toBe('HOST-01');
  });

  it('keeps the reader flags (recovered, partial, render errors)', () => {
    const flagged = { ...record, flags: { recovered: true, partial: true, errors: ['substitution 4 missing'] } };
    const event = eventOf(normalise(flagged, CONTEXT));
    expect([event.recovered, event.partialRender, event.renderErrors]).toEqual([true, true, ['substitution 4 missing']]);
  });

  it('BUG-05: a TimeCreated before 2007 is kept but flagged suspect; an invalid one is a parse error', () => {
    const old = eventOf(normalise({ ...record, timeCreated: '1601-01-01T00:00:00.0000000Z' }, CONTEXT));
    expect(old.timeCreated).toBe('1601-01-01T00:00:00.0000000Z');
    expect(old.timeCreatedSuspect).toBe(true);
    expect(old.timeCreatedUnixNanos ?? undefined).toBeUndefined(); // before 1677: no int64 nanoseconds
    const bad = eventOf(normalise({ ...record, timeCreated: '2017-13-45T99:00:00Z' }, CONTEXT));
    expect(bad.timeCreated ?? undefined).toBeUndefined();
    expect(bad.parseErrors).toEqual([expect.objectContaining({ field: 'System/TimeCreated/@SystemTime', rawValue: '2017-13-45T99:00:00Z' })]);
    const none = eventOf(normalise({ ...record, timeCreated: null }, CONTEXT));
    expect([none.timeCreated ?? undefined, none.parseErrors]).toEqual([undefined, []]);
  });

  it('fields the schema does not know go to extra_fields, with the name as written (nothing dropped)', () => {
    const event = eventOf(normalise(sysmonRecord(1, { Image: 'a.exe', FutureField: 'v1', 'Data[0]': 'unnamed' }), CONTEXT));
    expect(event.extraFields).toEqual({ FutureField: 'v1', 'Data[0]': 'unnamed' });
    expect(event.processCreate!.image).toBe('a.exe');
  });

  it('a field named __proto__ (hostile input) is kept in parse_errors; constructor goes to extra_fields', () => {
    const eventData: Record<string, string> = { Image: 'a.exe' };
    Object.defineProperty(eventData, '__proto__', { value: 'x', enumerable: true });
    eventData['constructor'] = 'y';
    const event = eventOf(normalise(sysmonRecord(1, eventData), CONTEXT));
    expect(event.parseErrors).toEqual([expect.objectContaining({ field: '__proto__', rawValue: 'x' })]);
    expect(event.extraFields).toEqual({ constructor: 'y' });
  });

  it('a second spelling of a field already filled goes to extra_fields, not over the first', () => {
    const event = eventOf(
      normalise(sysmonRecord(10, { SourceProcessGUID: '{365ABB72-0C16-5D1D-0000-00108B721100}', SourceProcessGuid: '{365ABB72-0000-0000-0000-000000000000}' }), CONTEXT),
    );
    expect(event.processAccess!.sourceProcessGuid).toBe('{365ABB72-0C16-5D1D-0000-00108B721100}');
    expect(event.extraFields).toEqual({ SourceProcessGuid: '{365ABB72-0000-0000-0000-000000000000}' });
  });

  it('typed fields written as "" or "-" are unset, text fields keep them', () => {
    const event = eventOf(normalise(sysmonRecord(3, { SourcePort: '', DestinationPort: '-', SourcePortName: '', RuleName: '-' }), CONTEXT));
    const payload = event.networkConnect!;
    expect(payload.sourcePort ?? undefined).toBeUndefined();
    expect(payload.destinationPort ?? undefined).toBeUndefined();
    expect(payload.sourcePortName).toBe('');
    expect(payload.ruleName).toBe('-');
    expect(event.parseErrors).toEqual([]);
  });

  it('a value that does not fit its type is kept raw in parse_errors and the slot stays unset', () => {
    const event = eventOf(normalise(sysmonRecord(3, { SourcePort: '70000', DestinationIp: 'not-an-ip', Initiated: 'true' }), CONTEXT));
    expect(event.networkConnect!.sourcePort ?? undefined).toBeUndefined();
    expect(event.networkConnect!.destinationIp ?? undefined).toBeUndefined();
    expect(event.networkConnect!.initiated).toBe(true);
    expect(event.parseErrors.map((e) => [e.field, e.rawValue])).toEqual([
      ['SourcePort', '70000'],
      ['DestinationIp', 'not-an-ip'],
    ]);
  });

  it('Hashes bad segments are reported in parse_errors while good ones are kept (BUG-11)', () => {
    const event = eventOf(normalise(sysmonRecord(1, { Hashes: `MD5=${MD5},broken,IMPHASH=00000000000000000000000000000000` }), CONTEXT));
    expect(event.processCreate!.hashes).toEqual({ MD5: MD5.toLowerCase() });
    expect(event.parseErrors).toEqual([expect.objectContaining({ field: 'Hashes', rawValue: 'broken' })]);
    expect(event.fieldShiftSuspected).toBeFalsy();
  });

  it('R-REL-2: an unpaired UTF-16 surrogate is replaced by U+FFFD, reported escaped, and the event still encodes', () => {
    const event = eventOf(normalise(sysmonRecord(1, { CommandLine: 'a\uD800b', Other: '\uDC00' }), CONTEXT));
    expect(event.processCreate!.commandLine).toBe('a\uFFFDb');
    expect(event.extraFields).toEqual({ Other: '\uFFFD' });
    expect(event.parseErrors.map((e) => [e.field, e.rawValue])).toEqual([
      ['CommandLine', 'a\\uD800b'],
      ['Other', '\\uDC00'],
    ]);
    const decoded = decodeDeliveryRecord(encodeDeliveryRecord({ event }));
    expect(decoded.event!.processCreate!.commandLine).toBe('a\uFFFDb');
  });
});

describe('BUG-08: older layouts under the same Version map by name; shifted values are detected', () => {
  const layout800 = {
    RuleName: '-',
    UtcTime: '2019-05-26 10:15:13.581',
    ProcessGuid: '{365ABB72-1256-5D1D-0000-0010FB1A1B00}',
    ProcessId: '4280',
    Image: 'C:\\Windows\\System32\\cmd.exe',
    FileVersion: '10.0.17763.1 (WinBuild.160101.0800)',
    Description: 'Windows Command Processor',
    Product: 'Microsoft® Windows® Operating System',
    Company: 'Microsoft Corporation',
    CommandLine: 'cmd.exe /c whoami',
    CurrentDirectory: 'C:\\Users\\user\\',
    User: 'HOST\\user',
    LogonGuid: '{365ABB72-0A6F-5D1D-0000-0020CA350100}',
    LogonId: '0x12beca',
    TerminalSessionId: '1',
    IntegrityLevel: 'High',
    Hashes: HASHES,
    ParentProcessGuid: '{365ABB72-0C16-5D1D-0000-00108B721100}',
    ParentProcessId: '3316',
    ParentImage: 'C:\\Windows\\explorer.exe',
    ParentCommandLine: 'C:\\Windows\\Explorer.EXE',
  };
  const layoutWithOriginal = { ...layout800, OriginalFileName: 'Cmd.Exe' };
  const layoutWithParentUser = { ...layoutWithOriginal, ParentUser: 'HOST\\user', LogonId: '0x000000000012beca' };

  it.each<[string, Record<string, string>]>([
    ['(a) 8.00 layout, 21 fields', layout800],
    ['(b) + OriginalFileName after Company', layoutWithOriginal],
    ['(c) + ParentUser, padded LogonId', layoutWithParentUser],
  ])('%s: same typed values, missing fields unset, no errors', (_title, eventData) => {
    const event = eventOf(normalise(sysmonRecord(1, eventData, { version: 5 }), CONTEXT));
    const p = event.processCreate!;
    expect(event.parseErrors).toEqual([]);
    expect(event.fieldShiftSuspected).toBeFalsy();
    expect(longToBigInt(p.logonId!)).toBe(0x12becan);
    expect([p.integrityLevel, p.commandLine, p.currentDirectory, p.user]).toEqual(['High', 'cmd.exe /c whoami', 'C:\\Users\\user\\', 'HOST\\user']);
    expect(p.hashes).toEqual({ SHA1: SHA1.toLowerCase(), MD5: MD5.toLowerCase(), SHA256: SHA256.toLowerCase(), IMPHASH: IMPHASH.toLowerCase() });
    expect(p.originalFileName ?? undefined).toBe(eventData.OriginalFileName);
    expect(p.parentUser ?? undefined).toBe(eventData.ParentUser);
  });

  it('EID 10 in the 8.00 spelling (SourceProcessGUID) and with SourceUser/TargetUser; EID 8 with ...Guid', () => {
    const guidA = '{365ABB72-0C16-5D1D-0000-00108B721100}';
    const guidB = '{365ABB72-3D37-5CE0-0000-001013DC0B00}';
    const access800 = { RuleName: '-', UtcTime: '2019-05-26 10:15:13.581', SourceProcessGUID: guidA, SourceProcessId: '4', SourceThreadId: '8', SourceImage: 'System', TargetProcessGUID: guidB, TargetProcessId: '672', TargetImage: 'C:\\Windows\\system32\\lsass.exe', GrantedAccess: '0x1410', CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9c584' };
    const withUsers = { ...access800, SourceUser: 'NT AUTHORITY\\SYSTEM', TargetUser: 'NT AUTHORITY\\SYSTEM' };
    for (const data of [access800, withUsers]) {
      const event = eventOf(normalise(sysmonRecord(10, data), CONTEXT));
      expect(event.parseErrors).toEqual([]);
      expect(event.extraFields).toEqual({});
      expect(comparable(event.processAccess)).toMatchObject({ sourceProcessGuid: guidA, targetProcessGuid: guidB, grantedAccess: 0x1410 });
      expect(event.processAccess!.sourceUser ?? undefined).toBe((data as Record<string, string>).SourceUser);
    }
    const thread = eventOf(normalise(sysmonRecord(8, { SourceProcessGuid: guidA.toLowerCase(), TargetProcessGuid: guidB, NewThreadId: '1364', StartAddress: '0x00541485' }), CONTEXT));
    expect(comparable(thread.createRemoteThread)).toMatchObject({ sourceProcessGuid: guidA, targetProcessGuid: guidB, newThreadId: 1364 });
    expect(longToBigInt(thread.createRemoteThread!.startAddress!)).toBe(0x541485n);
  });

  it('a record rendered by position against a newer manifest is flagged, and no value is lost', () => {
    // The 8.00 values laid under the 4.x names by position: OriginalFileName gets the
    // command line, ..., IntegrityLevel gets the Hashes (the reported symptom).
    const names = ['RuleName', 'UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'FileVersion', 'Description', 'Product', 'Company', 'OriginalFileName', 'CommandLine', 'CurrentDirectory', 'User', 'LogonGuid', 'LogonId', 'TerminalSessionId', 'IntegrityLevel', 'Hashes', 'ParentProcessGuid', 'ParentProcessId', 'ParentImage', 'ParentCommandLine'];
    const values = Object.values(layout800);
    const shifted: Record<string, string> = {};
    names.forEach((n, i) => {
      if (i < values.length) shifted[n] = values[i];
    });
    expect(shifted.IntegrityLevel).toBe(HASHES);

    const event = eventOf(normalise(sysmonRecord(1, shifted, { version: 5 }), CONTEXT));
    expect(event.fieldShiftSuspected).toBe(true);
    const p = event.processCreate!;
    expect(p.integrityLevel ?? undefined).toBeUndefined();
    expect(event.parseErrors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'IntegrityLevel', rawValue: HASHES })]));
    // Every value written is somewhere: in a text slot, a typed slot, or kept raw.
    const kept = new Set<string>([
      ...Object.values(p).filter((v): v is string => typeof v === 'string'),
      ...event.parseErrors.map((e) => e.rawValue ?? ''),
      ...Object.values(event.extraFields),
    ]);
    const typedRaw = ['UtcTime', 'ProcessGuid', 'ProcessId'];
    for (const [name, raw] of Object.entries(shifted)) {
      if (typedRaw.includes(name)) continue;
      const hashesSegments = name === 'Hashes' ? raw.split(',') : [raw];
      expect([name, hashesSegments.some((s) => kept.has(s))]).toEqual([name, true]);
    }
  });

  it.each<[string, string[], boolean]>([
    ['no issues', [], false],
    ['one type mismatch is one bad value', ['type-mismatch'], false],
    ['two type mismatches', ['type-mismatch', 'type-mismatch'], true],
    ['a value shaped like another field', ['foreign-shape'], true],
    ['bad Hashes segments alone', ['bad-segment', 'bad-segment', 'bad-segment'], false],
    ['invalid text alone', ['invalid-text', 'invalid-text'], false],
  ])('detectFieldShift: %s -> %s', (_title, categories, expected) => {
    expect(detectFieldShift(categories as Parameters<typeof detectFieldShift>[0])).toBe(expected);
  });

  it.each<[string, string]>([
    ['a GUID under User', '{365ABB72-0A6F-5D1D-0000-0020CA350100}'],
    ['Hashes under User', HASHES],
  ])('%s is flagged', (_title, value) => {
    const event = eventOf(normalise(sysmonRecord(1, { User: value }), CONTEXT));
    expect(event.fieldShiftSuspected).toBe(true);
    expect(event.processCreate!.user ?? undefined).toBeUndefined();
    expect(event.parseErrors[0]).toMatchObject({ field: 'User', rawValue: value });
  });
});

describe('R-EV-1 EID 25 ProcessTampering fixtures built from the schema (no real event 25 in the corpus; BUG-11: no Hashes)', () => {
  it.each(['Image is replaced', 'Image is locked for access'])('Type %j', (type) => {
    const data = {
      RuleName: 'technique_id=T1055,technique_name=Process Injection',
      UtcTime: '2023-04-19 16:42:03.546',
      ProcessGuid: '{0fd50764-2919-6440-8cc7-280100000000}',
      ProcessId: '7712',
      Image: 'C:\\Users\\user\\AppData\\Local\\Temp\\hollow.exe',
      Type: type,
      User: 'HOST\\user',
    };
    const result = normalise(sysmonRecord(25, data, { version: 5 }), CONTEXT);
    expect(result.kind).toBe('event');
    const event = eventOf(result);
    expect(event.payload).toBe('processTampering');
    expect(event.parseErrors).toEqual([]);
    expect(event.extraFields).toEqual({});
    expect(comparable(payloadOf(event))).toEqual(
      expect.objectContaining({ ruleName: data.RuleName, processGuid: '{0FD50764-2919-6440-8CC7-280100000000}', processId: 7712, image: data.Image, type, user: 'HOST\\user' }),
    );
    expect(longToBigInt(event.processTampering!.utcTimeUnixNanos!)).toBe(1681922523546000000n);
    expect(deliveryRecordToJson({ event })).toMatchObject({ event: { processTampering: { type, processId: 7712 } } });
  });
});

describe('R-REL-2 NormaliseError: a context or record the normaliser cannot use says what is wrong', () => {
  const record = sysmonRecord(1, {});
  it.each<[string, () => unknown, RegExp]>([
    ['empty agentId', () => normalise(record, { ...CONTEXT, agentId: '' }), /context\.agentId/],
    ['empty logInstanceId', () => normalise(record, { ...CONTEXT, logInstanceId: '' }), /context\.logInstanceId/],
    ['unknown collector', () => normalise(record, { ...CONTEXT, collector: 99 as Collector }), /context\.collector 99/],
    ['negative recordId', () => normalise({ ...record, recordId: -1 }, CONTEXT), /record -1 .*recordId/],
    ['fractional recordId', () => normalise({ ...record, recordId: 1.5 }, CONTEXT), /recordId must be a non-negative integer/],
    ['eventId out of range', () => normalise({ ...record, eventId: 70000 }, CONTEXT), /eventId 70000/],
    ['eventData missing', () => normalise({ ...record, eventData: null as unknown as EventRecord['eventData'] }, CONTEXT), /eventData/],
  ])('%s', (_title, call, message) => {
    expect(call).toThrow(NormaliseError);
    expect(call).toThrow(message);
  });
});
