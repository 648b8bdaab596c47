/**
 * R-INS-6 inputs: what a crash and a clean reboot leave in the System channel,
 * in Windows' order and shape, and a host that is down while crashed.
 */
import { parseEventXml } from '@sysward/event-schema';
import { expectPlatformError } from '@sysward/platform/testing';
import { BOOT_DURATION_MS, type SimHost } from '../src';
import { tempHost, type TempHost } from './support';

let t: TempHost;
let host: SimHost;
beforeEach(() => {
  t = tempHost({ frozenAtMs: Date.UTC(2026, 2, 1, 8, 0, 0) });
  host = t.host;
});
afterEach(() => t.dispose());

async function systemSince(recordId: number) {
  const sub = await host.ports.channels.subscribe('System', { kind: 'after-record', recordId });
  const records = await sub.next({ max: 1000 });
  await sub.close();
  return records.map((r) => ({ id: r.eventId, parsed: parseEventXml(r.xml) }));
}

it('a bugcheck then reboot leaves 12, 41, 6005, 6009, 6008, 1001 with the stop code and the crash time', async () => {
  const mark = (await host.ports.channels.info('System')).newestRecordId!;
  const crashAt = host.clock.now();
  host.crash(0x1e);
  host.reboot();
  const records = await systemSince(mark);
  expect(records.map((r) => r.id)).toEqual([12, 41, 6005, 6009, 6008, 1001]);
  const byId = new Map(records.map((r) => [r.id, r.parsed]));
  expect(byId.get(41)).toMatchObject({ provider: { name: 'Microsoft-Windows-Kernel-Power' }, eventData: { BugcheckCode: '30' } });
  expect(byId.get(1001)).toMatchObject({ provider: { name: 'Microsoft-Windows-WER-SystemErrorReporting', eventSourceName: 'BugCheck' } });
  expect(byId.get(1001)!.eventData.param1).toMatch(/^0x0000001e /);
  expect(byId.get(6008)!.eventData['Data[0]']).toBe(new Date(crashAt).toISOString().slice(11, 19));
  for (const r of records) expect(r.parsed.flags.errors).toEqual([]);
  const current = await host.ports.boots.currentBoot();
  expect(current?.startedMs).toBe(crashAt + BOOT_DURATION_MS);
});

it('a clean reboot leaves 1074, 6006, 13 and then a boot with no unclean evidence', async () => {
  const mark = (await host.ports.channels.info('System')).newestRecordId!;
  host.reboot();
  expect((await systemSince(mark)).map((r) => r.id)).toEqual([1074, 6006, 13, 12, 6005, 6009]);
});

it('while crashed every port call and recorded activity is UNAVAILABLE, and a second crash is too', async () => {
  host.crash(0);
  await expectPlatformError(host.ports.services.list(), 'UNAVAILABLE');
  await expectPlatformError(host.ports.registry.getValue('HKLM\\SYSTEM', 'x'), 'UNAVAILABLE');
  await expectPlatformError(host.ports.channels.info('System'), 'UNAVAILABLE');
  expect(() => host.recordActivity({ kind: 'process-start' })).toThrow(/UNAVAILABLE/);
  expect(() => host.crash(0)).toThrow(/UNAVAILABLE/);
  host.reboot();
  expect((await host.ports.services.query('EventLog'))?.state).toBe('running');
});

it('services start at boot by start type; a service whose image is gone stays stopped with exit code 2', async () => {
  await host.ports.files.write('C:\\Tools\\agent.exe', Buffer.from('x'));
  await host.ports.services.create({ name: 'Agent', kind: 'own-process', startType: 'auto', imagePath: 'C:\\Tools\\agent.exe' });
  await host.ports.services.create({ name: 'Gone', kind: 'own-process', startType: 'auto', imagePath: 'C:\\Tools\\gone.exe' });
  host.reboot();
  expect(await host.ports.services.query('Agent')).toMatchObject({ state: 'running' });
  expect(await host.ports.services.query('Gone')).toMatchObject({ state: 'stopped', exitCode: 2 });
});
