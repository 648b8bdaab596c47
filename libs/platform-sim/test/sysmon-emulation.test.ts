/**
 * The simulated Sysmon as the installer and the monitor will meet it: records
 * in the shape EvtRender gives (parseEventXml + normalise accept them), event
 * 4 and 16, capture only while service and driver run, protected 15.x
 * (BUG-20), renamed and inbox installs (BUG-21), rejected configs (BUG-17/18).
 */
import { parseEventXml, normalise, Collector } from '@sysward/event-schema';
import { SysmonCli, SYSMON_OPERATIONAL_CHANNEL, sysmonParametersKey, type ChannelRecord, type SysmonRunResult } from '@sysward/platform';
import { expectPlatformError } from '@sysward/platform/testing';
import { ACTIVITY_KINDS, makeSysmonBinary, takeSnapshot, type SimHost } from '../src';
import { tempHost, type TempHost } from './support';

const MANAGED = 'C:\\Program Files\\Sysward\\Sysmon64.exe';
const CONFIG = 'C:\\ProgramData\\Sysward\\sysmon.xml';

let t: TempHost;
let host: SimHost;
let cli: SysmonCli;

function stage(version = '15.15', path = MANAGED): void {
  host.parts.store.write(() => {
    host.parts.files.write(path, makeSysmonBinary(version));
    host.parts.files.write(CONFIG, Buffer.from('<Sysmon schemaversion="4.82"><HashAlgorithms>SHA256,IMPHASH</HashAlgorithms><EventFiltering/></Sysmon>'));
  });
}

async function sysmonRecords(): Promise<ChannelRecord[]> {
  host.pumpAll();
  const sub = await host.ports.channels.subscribe(SYSMON_OPERATIONAL_CHANNEL, { kind: 'oldest' });
  const out = await sub.next({ max: 10_000 });
  await sub.close();
  return out;
}

beforeEach(() => {
  t = tempHost({ frozenAtMs: Date.UTC(2026, 0, 5, 10, 0, 0) });
  host = t.host;
  cli = new SysmonCli(host.ports.sysmon);
});
afterEach(() => t.dispose());

describe('Sysmon records (R-EV-1, R-EV-3, R-MON-3)', () => {
  it('an install writes 4 then 16, and each activity kind becomes its event id, parsed and normalised like a real host', async () => {
    stage();
    await cli.install(MANAGED, CONFIG);
    const service = (await host.ports.services.query('Sysmon64'))!;
    for (const kind of ACTIVITY_KINDS) host.recordActivity({ kind, fields: { Image: 'C:\\Users\\<USER>\\tool.exe', CommandLine: 'tool.exe --x "y"' } });
    const records = await sysmonRecords();
    expect(records.map((r) => r.eventId)).toEqual([4, 16, 1, 3, 8, 10, 13, 25]);
    expect(records.map((r) => r.recordId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const r of records) {
      const parsed = parseEventXml(r.xml);
      expect(parsed.flags.errors).toEqual([]);
      expect(parsed).toMatchObject({ recordId: r.recordId, eventId: r.eventId, channel: SYSMON_OPERATIONAL_CHANNEL, processId: service.pid, userSid: 'S-1-5-18', computer: 'SIMHOST' });
      const result = normalise(parsed, { agentId: 'a', collector: Collector.COLLECTOR_MANAGED_SYSMON, logInstanceId: 'l' });
      expect(result.kind).toBe(r.eventId === 4 || r.eventId === 16 ? 'health' : 'event');
    }
    const started = parseEventXml(records[0].xml).eventData;
    expect(started).toMatchObject({ State: 'Started', Version: '15.15', SchemaVersion: '4.90' });
    expect(parseEventXml(records[1].xml).eventData).toMatchObject({ Configuration: CONFIG, ConfigurationFileHash: expect.stringMatching(/^SHA256=[0-9A-F]{64}$/) });
    expect(parseEventXml(records[2].xml).eventData).toMatchObject({ Image: 'C:\\Users\\<USER>\\tool.exe', CommandLine: 'tool.exe --x "y"', UtcTime: '2026-01-05 10:00:00.000' });
  });

  it('activities are captured only while service and driver run; user mode sees them all but tampering', async () => {
    host.recordActivity({ kind: 'process-start' });
    stage('14.16');
    await cli.install(MANAGED, CONFIG);
    expect(host.recordActivity({ kind: 'network-connect' }).seenBySysmon).toBe('Sysmon64');
    await host.ports.services.stop('Sysmon64');
    expect(host.recordActivity({ kind: 'registry-set' }).seenBySysmon).toBeNull();
    host.recordActivity({ kind: 'process-tampering' });
    const ids = (await sysmonRecords()).map((r) => [r.eventId, parseEventXml(r.xml).eventData.State ?? null]);
    expect(ids).toEqual([
      [4, 'Started'],
      [16, null],
      [3, null],
      [4, 'Stopped'],
    ]);
    expect(host.readUserMode(0, 100).map((e) => e.kind)).toEqual(['process-start', 'network-connect', 'registry-set']);
    expect(host.readUserMode(0, 100)[0].fields).not.toHaveProperty('Hashes');
  });

  it('a killed Sysmon writes no Stopped event; an uninstall flushes its Stopped event and unregisters the channel, a reinstall continues the same log', async () => {
    stage();
    await cli.install(MANAGED, CONFIG);
    host.tamper.stopSysmon();
    expect((await host.ports.services.query('Sysmon64'))?.exitCode).toBe(1067);
    expect((await sysmonRecords()).map((r) => r.eventId)).toEqual([4, 16]);
    await host.ports.services.start('Sysmon64');
    const before = await host.ports.channels.info(SYSMON_OPERATIONAL_CHANNEL);
    await cli.uninstall('C:\\Windows\\Sysmon64.exe');
    await expectPlatformError(host.ports.channels.info(SYSMON_OPERATIONAL_CHANNEL), 'NOT_FOUND');
    await cli.install(MANAGED, CONFIG);
    const records = await sysmonRecords();
    expect(records.map((r) => [r.eventId, parseEventXml(r.xml).eventData.State ?? null])).toEqual([
      [4, 'Started'],
      [16, null],
      [4, 'Started'],
      [4, 'Stopped'],
      [4, 'Started'],
      [16, null],
    ]);
    expect((await host.ports.channels.info(SYSMON_OPERATIONAL_CHANNEL)).logIdentity).toBe(before.logIdentity);
  });

  it('what Sysmon had queued is lost in a crash; after the reboot it starts again and says so', async () => {
    stage();
    await cli.install(MANAGED, CONFIG);
    host.pumpAll();
    host.recordActivity({ kind: 'process-start' });
    host.crash(0x50);
    await expectPlatformError(host.ports.services.query('Sysmon64'), 'UNAVAILABLE');
    host.reboot();
    const records = await sysmonRecords();
    expect(records.map((r) => r.eventId)).toEqual([4, 16, 4]);
    expect(takeSnapshot(host).counters.sysmon_events_lost_in_crash).toBe(1);
  });
});

describe('BUG-20: protected Sysmon 15.x', () => {
  it('SCM stop is refused; the uninstall by the installed binary works; a driver that does not unload is removed at reboot', async () => {
    stage('15.14');
    await cli.install(MANAGED, CONFIG);
    await expectPlatformError(host.ports.services.stop('Sysmon64'), 'ACCESS_DENIED');
    expect(() => host.tamper.stopSysmon({ viaScm: true })).toThrow(/ACCESS_DENIED/);
    host.injectFault('sysmon.driver-unload', 'BUSY');
    await cli.uninstall('C:\\Windows\\Sysmon64.exe');
    expect(await host.ports.services.query('Sysmon64')).toBeNull();
    expect(await host.ports.services.query('SysmonDrv')).toMatchObject({ state: 'running', deletePending: true });
    host.reboot();
    expect(await host.ports.services.query('SysmonDrv')).toBeNull();
    expect(await host.ports.registry.keyExists('HKLM\\SYSTEM\\CurrentControlSet\\Services\\SysmonDrv')).toBe(false);
  });

  it('last resort: the Services keys deleted in the registry take effect at reboot, and a new version installs', async () => {
    stage('15.14');
    await cli.install(MANAGED, CONFIG);
    await host.ports.registry.deleteKey('HKLM\\SYSTEM\\CurrentControlSet\\Services\\Sysmon64', { recursive: true });
    await host.ports.registry.deleteKey('HKLM\\SYSTEM\\CurrentControlSet\\Services\\SysmonDrv', { recursive: true });
    expect((await host.ports.services.query('Sysmon64'))?.state).toBe('running');
    host.reboot();
    expect(await host.ports.services.query('Sysmon64')).toBeNull();
    stage('15.15', 'C:\\Staging\\Sysmon64.exe');
    await cli.install('C:\\Staging\\Sysmon64.exe', CONFIG);
    expect((await host.ports.files.versionInfo('C:\\Windows\\Sysmon64.exe'))?.fileVersion).toBe('15.15');
  });
});

describe('BUG-21: foreign Sysmon under other names', () => {
  it('a renamed install keeps the channel and altitude; a second Sysmon beside it is refused', async () => {
    const foreign = await host.tamper.installForeignSysmon({ kind: 'renamed', version: '15.15' });
    expect(foreign).toMatchObject({ service: 'HealthMon', driver: 'HlthDrv' });
    expect(await host.ports.registry.getValue('HKLM\\SYSTEM\\CurrentControlSet\\Services\\HlthDrv\\Instances\\Sysmon Instance', 'Altitude')).toEqual({ type: 'REG_SZ', data: '385201' });
    expect((await host.ports.files.versionInfo('C:\\Windows\\HealthMon.exe'))?.fileDescription).toBe('System activity monitor');
    stage();
    await expectPlatformError(cli.install(MANAGED, CONFIG), 'ALREADY_EXISTS');
    expect(await host.ports.services.query('Sysmon64')).toBeNull();
  });

  it('the inbox Sysmon needs build 26100+; there it is an enabled optional feature named Sysmon', async () => {
    await expect(host.tamper.installForeignSysmon({ kind: 'inbox', version: '15.2' })).rejects.toThrow(/NOT_SUPPORTED.*26100/);
    expect(await host.ports.os.optionalFeature('Sysmon')).toBe('absent');
    host.setOs('server2025');
    expect(await host.ports.os.optionalFeature('Sysmon')).toBe('disabled');
    await host.tamper.installForeignSysmon({ kind: 'inbox', version: '15.2' });
    expect(await host.ports.os.optionalFeature('Sysmon')).toBe('enabled');
    expect(await host.ports.services.query('Sysmon')).toMatchObject({ imagePath: 'C:\\Windows\\System32\\Sysmon.exe', state: 'running' });
    expect((await host.ports.files.versionInfo('C:\\Windows\\System32\\Sysmon.exe'))?.companyName).toBe('Microsoft Corporation');
  });
});

describe('tampering (R-INS-4, R-INS-5)', () => {
  beforeEach(async () => {
    stage();
    await cli.install(MANAGED, CONFIG);
  });
  const rules = async () => Buffer.from(((await host.ports.registry.getValue(sysmonParametersKey('SysmonDrv'), 'Rules')) as { data: Uint8Array }).data);

  it('a registry rewrite of Rules changes the bytes silently; through sysmon -c it logs event 16', async () => {
    const applied = await rules();
    await host.tamper.tamperConfig();
    expect((await rules()).equals(applied)).toBe(false);
    expect((await sysmonRecords()).map((r) => r.eventId)).toEqual([4, 16]);
    await host.tamper.tamperConfig({ viaSysmon: true });
    const records = await sysmonRecords();
    expect(records.map((r) => r.eventId)).toEqual([4, 16, 16]);
    expect(parseEventXml(records[2].xml).eventData.Configuration).toBe('C:\\Windows\\Temp\\tampered-sysmon.xml');
  });

  it('binary and service tampering show in hash, version, start type, image path and presence', async () => {
    const hash = await host.ports.files.sha256('C:\\Windows\\Sysmon64.exe');
    host.tamper.tamperBinary();
    expect(await host.ports.files.sha256('C:\\Windows\\Sysmon64.exe')).not.toBe(hash);
    host.tamper.tamperBinary({ version: '13.34' });
    expect((await host.ports.files.versionInfo('C:\\Windows\\Sysmon64.exe'))?.fileVersion).toBe('13.34');
    host.tamper.tamperService({ startType: 'disabled', imagePath: 'C:\\Temp\\evil.exe' });
    expect(await host.ports.services.query('Sysmon64')).toMatchObject({ startType: 'disabled', imagePath: 'C:\\Temp\\evil.exe' });
    host.tamper.tamperService({ driver: true, delete: true });
    expect(await host.ports.services.query('SysmonDrv')).toBeNull();
    expect(host.recordActivity({ kind: 'process-start' }).seenBySysmon).toBeNull();
  });
});

describe('the Sysmon command line', () => {
  const run = (path: string, args: string[]): Promise<SysmonRunResult> => host.ports.sysmon.run(path, args);

  it('BUG-17: a config with a newer schema than the binary is refused, naming both versions', async () => {
    stage('14.16');
    host.parts.store.write(() => host.parts.files.write('C:\\c490.xml', Buffer.from('<Sysmon schemaversion="4.90"></Sysmon>')));
    const r = await run(MANAGED, ['-accepteula', '-i', 'C:\\c490.xml']);
    expect(r.exitCode).toBe(87);
    expect(r.stderr).toMatch(/4\.90.*4\.83/);
  });

  it.each(['begin wi', 'start with', 'begin\u00a0with'])('BUG-18: condition "%s" makes Sysmon refuse the whole config', async (condition) => {
    stage();
    host.parts.store.write(() =>
      host.parts.files.write('C:\\c.xml', Buffer.from(`<Sysmon schemaversion="4.90"><EventFiltering><RegistryEvent onmatch="include"><TargetObject condition="${condition}">HKLM\\x</TargetObject></RegistryEvent></EventFiltering></Sysmon>`)),
    );
    const r = await run(MANAGED, ['-accepteula', '-i', 'C:\\c.xml']);
    expect(r.exitCode).toBe(87);
    expect(r.stderr).toContain('Incorrect condition');
  });

  it('the first run without -accepteula stops at the EULA; a missing binary is NOT_FOUND; a non-Sysmon binary exits 193', async () => {
    stage();
    const r = await run(MANAGED, ['-i', CONFIG]);
    expect(r).toMatchObject({ exitCode: 1 });
    expect(r.stderr).toContain('-accepteula');
    await expectPlatformError(run('C:\\nope\\Sysmon64.exe', ['-c']), 'NOT_FOUND');
    expect((await run('C:\\Windows\\System32\\svchost.exe', ['-c'])).exitCode).toBe(193);
  });

  it('-c prints the active configuration from the Rules value', async () => {
    stage();
    await cli.install(MANAGED, CONFIG);
    const printed = await cli.printConfig(MANAGED);
    expect(printed).toContain('Driver name:                   SysmonDrv');
    expect(printed).toContain('Rule configuration (version 4.82):');
    expect(printed).toContain('<HashAlgorithms>SHA256,IMPHASH</HashAlgorithms>');
  });
});
