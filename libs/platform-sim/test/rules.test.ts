/** The sim's decisions as tables: each row is one behaviour of Windows or Sysmon the sim reproduces. */
import { parseEventXml } from '@sysward/event-schema';
import {
  activityFromRecord,
  checkSysmonConfig,
  decodeRules,
  decodeSimBinary,
  encodeRules,
  encodeSimBinary,
  isProtectedSysmon,
  parseDuration,
  parseSysmonArguments,
  resolveOsVersion,
  sysmonMaxSchema,
  userModeView,
} from '../src';
import { renderEventXml } from '../src/host/event-xml';
import { recordsToEvict } from '../src/host/eviction';
import { serviceFromRegistry, serviceToRegistry } from '../src/host/service-registry';

describe('wrap-around eviction (BUG-15 b): as few oldest records as make room', () => {
  const recs = (...sizes: number[]) => sizes.map((size, i) => ({ recordId: i + 1, size }));
  it.each([
    ['room left', 500, 100, 1000, recs(100, 100), 0],
    ['exactly full', 900, 100, 1000, recs(100, 100), 0],
    ['one over', 950, 100, 1000, recs(100, 100), 1],
    ['needs two', 1000, 150, 1000, recs(100, 100, 100), 2],
    ['bigger than the log', 300, 5000, 1000, recs(100, 100, 100), 3],
    ['empty log', 0, 5000, 1000, recs(), 0],
  ])('%s', (_label, current, incoming, max, oldest, expected) => {
    expect(recordsToEvict(current, incoming, max, oldest)).toBe(expected);
  });
});

describe('durations for `sim clock advance`', () => {
  it.each([
    ['30d', 30 * 86_400_000],
    ['2h', 7_200_000],
    ['90m', 5_400_000],
    ['45s', 45_000],
    ['1500ms', 1500],
    ['1d12h', 129_600_000],
    ['2w', 1_209_600_000],
    [' 1.5h ', 5_400_000],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', '30', 'd', '3 days', '-1h', '1h-', '1y'])('%j is refused', (text) => expect(() => parseDuration(text)).toThrow(/INVALID_ARGUMENT/));
});

describe('Sysmon command line', () => {
  it.each([
    [['-accepteula', '-i', 'c.xml'], { action: 'install', acceptEula: true, config: 'c.xml', driverName: null }],
    [['-i'], { action: 'install', acceptEula: false, config: null, driverName: null }],
    [['/AcceptEula', '/i', 'c.xml', '/d', 'HlthDrv'], { action: 'install', acceptEula: true, config: 'c.xml', driverName: 'HlthDrv' }],
    [['-c'], { action: 'config', acceptEula: false, config: null }],
    [['-c', 'new.xml'], { action: 'config', acceptEula: false, config: 'new.xml' }],
    [['-u'], { action: 'uninstall', acceptEula: false, force: false }],
    [['-accepteula', '-u', 'force'], { action: 'uninstall', acceptEula: true, force: true }],
    [['-s'], { action: 'schema', acceptEula: false }],
    [[], { action: 'usage', acceptEula: false, error: null }],
    [['-u', 'now'], { action: 'usage', error: expect.stringContaining('force') }],
    [['-c', 'x', '-u'], { action: 'usage', error: expect.stringContaining('cannot be combined') }],
    [['-d', 'X', '-c'], { action: 'usage', error: expect.stringContaining('only valid with -i') }],
    [['-z'], { action: 'usage', error: 'unknown option -z' }],
    [['stray'], { action: 'usage', error: expect.stringContaining('unexpected argument') }],
  ])('%j', (args, expected) => expect(parseSysmonArguments(args)).toMatchObject(expected));
});

describe('Sysmon versions: schema limits (BUG-17) and protection (BUG-20)', () => {
  it.each([
    ['5.02', '3.20', false],
    ['6.03', '3.30', false],
    ['6.10', '3.40', false],
    ['13.34', '4.50', false],
    ['14.0', '4.82', false],
    ['14.13', '4.82', false],
    ['14.14', '4.83', false],
    ['15.0', '4.90', true],
    ['15.15', '4.90', true],
  ])('%s accepts schema up to %s, protected %s', (version, schema, protectedService) => {
    expect(sysmonMaxSchema(version)).toBe(schema);
    expect(isProtectedSysmon(version)).toBe(protectedService);
  });
});

describe('Sysmon configuration: accepted or refused whole; Rules bytes depend on the rules only (R-INS-5)', () => {
  it.each([
    ['no root', '<Config/>', '14.16', /root element/],
    ['no schema', '<Sysmon></Sysmon>', '14.16', /no schemaversion/],
    ['BUG-17: newer schema', '<Sysmon schemaversion="4.90"></Sysmon>', '14.16', /4\.90.*4\.83/],
    ['truncated', '<Sysmon schemaversion="4.50"><EventFiltering>', '15.15', /never closed/],
    ['mismatched', '<Sysmon schemaversion="4.50"><A></B></Sysmon>', '15.15', /does not close/],
    ['BUG-18: bad condition', '<Sysmon schemaversion="4.50"><X condition="begin wi">y</X></Sysmon>', '15.15', /Incorrect condition/],
  ])('%s is refused', (_label, text, version, message) => {
    const verdict = checkSysmonConfig(text, version);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.message).toMatch(message);
  });

  it('comments and layout do not change the Rules bytes; a rule does', () => {
    const a = checkSysmonConfig('<?xml version="1.0"?>\n<Sysmon schemaversion="4.90">\n  <!-- c -->\n  <HashAlgorithms>SHA256</HashAlgorithms>\n</Sysmon>\n', '15.15');
    const b = checkSysmonConfig('<Sysmon schemaversion="4.90"><HashAlgorithms>SHA256</HashAlgorithms></Sysmon>', '15.15');
    const c = checkSysmonConfig('<Sysmon schemaversion="4.90"><HashAlgorithms>MD5</HashAlgorithms></Sysmon>', '15.15');
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected accepted configs');
    expect(encodeRules(a.schemaVersion, a.canonical).equals(encodeRules(b.schemaVersion, b.canonical))).toBe(true);
    expect(encodeRules(a.schemaVersion, a.canonical).equals(encodeRules(c.schemaVersion, c.canonical))).toBe(false);
    expect(decodeRules(encodeRules('4.1', b.canonical))).toEqual({ schemaVersion: '4.1', canonical: b.canonical });
    expect(decodeRules(Uint8Array.from([1, 2, 3]))).toBeNull();
  });
});

describe('SCM configuration in the registry (read back at boot)', () => {
  it('round-trips every field through Services\\<name> values', () => {
    const spec = { name: 'Sysmon64', displayName: 'Sysmon64', kind: 'own-process' as const, startType: 'auto' as const, imagePath: 'C:\\Windows\\Sysmon64.exe', description: 'System Monitor service', launchProtected: 'antimalware-light' as const };
    const values = new Map(serviceToRegistry(spec).map(([k, v]) => [k.toLowerCase(), v]));
    expect(values.get('type')).toEqual({ type: 'REG_DWORD', data: 0x10 });
    expect(values.get('start')).toEqual({ type: 'REG_DWORD', data: 2 });
    expect(values.get('launchprotected')).toEqual({ type: 'REG_DWORD', data: 3 });
    expect(serviceFromRegistry('Sysmon64', values)).toEqual(spec);
  });
  it.each([
    ['a driver without ImagePath defaults to System32\\drivers', new Map([['type', { type: 'REG_DWORD' as const, data: 1 }]]), { kind: 'kernel-driver', imagePath: 'System32\\drivers\\X.sys', startType: 'demand' }],
    ['a key without Type is not a service', new Map([['imagepath', { type: 'REG_SZ' as const, data: 'x' }]]), null],
    ['an unknown Type is not a service', new Map([['type', { type: 'REG_DWORD' as const, data: 0x100 }]]), null],
  ])('%s', (_label, values, expected) => {
    const got = serviceFromRegistry('X', values);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toMatchObject(expected);
  });
});

describe('OS names for `sim set-os`', () => {
  it.each([
    ['win11', { build: 22631, productType: 'workstation', displayVersion: '23H2' }],
    ['server2025', { build: 26100, productType: 'server', productName: 'Windows Server 2025 Standard' }],
    ['10.0.20348.2700', { build: 20348, ubr: 2700, productName: 'Windows Server 2022 Standard' }],
    ['6.1.7601', { major: 6, minor: 1, build: 7601 }],
    ['10.0.99999', { build: 99999, productName: 'Windows (unknown release)' }],
  ])('%s', (text, expected) => expect(resolveOsVersion(text)).toMatchObject(expected));
  it('an unknown name is refused with the list', () => expect(() => resolveOsVersion('windows12')).toThrow(/win11.*server2025/));
});

describe('user-mode view (R-EV-5: what user mode cannot see stays empty)', () => {
  it.each([
    ['process-start', { Image: 'a.exe', Hashes: 'SHA256=00', ProcessGuid: '{1}', ProcessId: '4' }, { Image: 'a.exe', ProcessId: '4' }],
    ['registry-set', { TargetObject: 'HKLM\\x', Details: 'DWORD (0x1)', ProcessId: '8' }, { TargetObject: 'HKLM\\x', ProcessId: '8' }],
    ['process-tampering', { Image: 'a.exe' }, null],
  ] as const)('%s', (kind, fields, expected) => expect(userModeView(kind, fields)).toEqual(expected));
});

describe('replay: recorded Sysmon events back into activities', () => {
  const sysmon = { name: 'Microsoft-Windows-Sysmon', guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' };
  it.each([
    ['EID 1 becomes process-start, UtcTime dropped', { eventId: 1, provider: sysmon, eventData: { UtcTime: 'x', Image: 'a.exe' } }, { kind: 'process-start', fields: { Image: 'a.exe' } }],
    ['EID 13 by provider name only', { eventId: 13, provider: { name: 'Microsoft-Windows-Sysmon', guid: null }, eventData: { TargetObject: 'HKLM\\x' } }, { kind: 'registry-set' }],
    ['EID 4 is Sysmon\'s own: skipped', { eventId: 4, provider: sysmon, eventData: {} }, null],
    ['EID 7 is not forwarded: skipped', { eventId: 7, provider: sysmon, eventData: {} }, null],
    ['Security 4688: skipped', { eventId: 1, provider: { name: 'Microsoft-Windows-Security-Auditing', guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}' }, eventData: {} }, null],
    ['unnamed Data items are not field names', { eventId: 1, provider: sysmon, eventData: { 'Data[0]': 'x', Image: 'a' } }, { fields: { Image: 'a' } }],
  ])('%s', (_label, record, expected) => {
    const got = activityFromRecord(record, 'test');
    if (expected === null) expect(got).toBeNull();
    else expect(got).toMatchObject(expected);
  });
});

describe('event XML as EvtRender writes it', () => {
  it('escapes what XML needs and parses back to the same values (BUG-12 characters included)', () => {
    const value = 'a<b>&"c\' \u041e\u043f\u0435\u0440\u0430\u0446\u0438\u043e\u043d\u043d\u0430\u044f \ud83d\ude00 \u0007';
    const xml = renderEventXml(
      { provider: { name: 'P', guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' }, eventId: 1, version: 5, level: 4, task: 1, opcode: 0, keywords: '0x8000000000000000', processId: 1, threadId: 2, userSid: 'S-1-5-18', payload: { kind: 'EventData', items: [['CommandLine', value], [null, 'unnamed']] } },
      'Microsoft-Windows-Sysmon/Operational',
      'HOST',
      7,
      Date.UTC(2026, 0, 1, 0, 0, 0, 123),
    );
    const parsed = parseEventXml(xml);
    expect(parsed.eventData).toEqual({ CommandLine: value.replace('\u0007', '\ufffd'), 'Data[0]': 'unnamed' });
    expect(parsed.timeCreated).toBe('2026-01-01T00:00:00.1230000Z');
    expect(parsed.recordId).toBe(7);
  });
});

describe('sim binaries carry their version resource', () => {
  it('decodes what it encodes and nothing else', () => {
    const versionInfo = { fileVersion: '1.0', productVersion: '1.0', productName: 'P', companyName: 'C', fileDescription: 'D', originalFilename: 'o.exe', internalName: 'o' };
    const bytes = encodeSimBinary({ role: 'other', versionInfo, payload: Uint8Array.from([1, 2, 3]) });
    expect(decodeSimBinary(bytes)).toEqual({ role: 'other', versionInfo, payload: Uint8Array.from([1, 2, 3]) });
    expect(decodeSimBinary(Buffer.from('MZ plain text'))).toBeNull();
    expect(decodeSimBinary(bytes.subarray(0, 20))).toBeNull();
  });
});
