/**
 * BUG-15 inputs driven through the sim's channels: a cleared log (numbering
 * restarted, as Windows does, and continued), a wrapped log, and a stale
 * handle once. What must hold for the monitor: the checkpoint is detectably
 * invalid, and the new position is known exactly.
 */
import { parseEventXml } from '@sysward/event-schema';
import { formatBookmark, type ChannelSubscription } from '@sysward/platform';
import { expectPlatformError } from '@sysward/platform/testing';
import type { SimHost } from '../src';
import { tempHost, type TempHost } from './support';

let t: TempHost;
let host: SimHost;
const open: ChannelSubscription[] = [];

beforeEach(() => {
  t = tempHost();
  host = t.host;
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  t.dispose();
});

/** Appends `count` audit-like events in one transaction (fast enough for thousands). */
function fill(channel: string, count: number): void {
  const { store, channels } = host.parts;
  store.write(() => {
    for (let i = 0; i < count; i++) {
      channels.append(channel, { provider: { name: 'Sysward-Test' }, eventId: 4688, version: 2, level: 0, task: 13312, opcode: 0, keywords: '0x8020000000000000', processId: 4, threadId: 8, userSid: null, payload: { kind: 'EventData', items: [['N', String(i)]] } }, host.clock.now());
    }
  });
}

async function readAll(channel: string, from: Parameters<SimHost['ports']['channels']['subscribe']>[1]) {
  const sub = await host.ports.channels.subscribe(channel, from);
  open.push(sub);
  return sub.next({ max: 10_000 });
}

describe('BUG-15 (a): checkpoint 5000, the log cleared, 200 records since', () => {
  it('numbering restarted (Windows): the checkpoint is not found, the 200 records begin with the log-cleared event 1102', async () => {
    fill('Security', 5000);
    const before = await host.ports.channels.info('Security');
    host.clearChannel('Security');
    fill('Security', 199);
    const after = await host.ports.channels.info('Security');
    expect(after).toMatchObject({ oldestRecordId: 1, newestRecordId: 200, recordCount: 200 });
    expect(after.logIdentity).not.toBe(before.logIdentity);
    await expectPlatformError(host.ports.channels.subscribe('Security', { kind: 'after-record', recordId: 5000 }), 'BOOKMARK_NOT_FOUND');
    await expectPlatformError(host.ports.channels.subscribe('Security', { kind: 'bookmark', bookmark: formatBookmark({ channel: 'Security', recordId: 5000 }), strict: true }), 'BOOKMARK_NOT_FOUND');
    const records = await readAll('Security', { kind: 'oldest' });
    expect(records).toHaveLength(200);
    expect(records[0].eventId).toBe(1102);
    expect(parseEventXml(records[0].xml).eventData['LogFileCleared/SubjectUserName']).toBe('SYSTEM');
  });

  it('numbering continued (5001..5200): only the log identity tells the checkpoint is stale', async () => {
    fill('Security', 5000);
    const before = await host.ports.channels.info('Security');
    host.clearChannel('Security', { numbering: 'continue' });
    fill('Security', 199);
    const after = await host.ports.channels.info('Security');
    expect(after).toMatchObject({ oldestRecordId: 5001, newestRecordId: 5200 });
    await host.ports.channels.subscribe('Security', { kind: 'after-record', recordId: 5000 }).then((s) => open.push(s));
    await expectPlatformError(host.ports.channels.subscribe('Security', { kind: 'after-record', recordId: 5000, logIdentity: before.logIdentity }), 'BOOKMARK_NOT_FOUND');
    await expectPlatformError(host.ports.channels.subscribe('Security', { kind: 'bookmark', bookmark: formatBookmark({ channel: 'Security', recordId: 5000 }), strict: true }), 'BOOKMARK_NOT_FOUND');
  });

  it('clearing any other log leaves 104 naming it in System', async () => {
    fill('Application', 3);
    host.clearChannel('Application', { backupPath: 'C:\\Backup\\app.evtx' });
    const system = await readAll('System', { kind: 'oldest' });
    const cleared = parseEventXml(system[system.length - 1].xml);
    expect(cleared.eventId).toBe(104);
    expect(cleared.eventData).toMatchObject({ 'LogFileCleared/Channel': 'Application', 'LogFileCleared/BackupPath': 'C:\\Backup\\app.evtx' });
    expect(await host.ports.files.exists('C:\\Backup\\app.evtx')).toBe(true);
  });
});

describe('BUG-15 (b): checkpoint 5000, the log wrapped, oldest available 6000', () => {
  it('the checkpoint is not found and the gap 5001..5999 is known from the channel info; reading resumes at 6000', async () => {
    host.setChannelMaxSize('Application', 64 * 1024 * 1024);
    fill('Application', 7000);
    const { db } = host.parts.store;
    const through5999 = (db.prepare("SELECT sum(size_bytes) AS n FROM channel_records WHERE channel_key = 'application' AND record_id < 6000").get() as { n: number }).n;
    const total = (await host.ports.channels.info('Application')).sizeBytes;
    host.setChannelMaxSize('Application', total - through5999);
    const info = await host.ports.channels.info('Application');
    expect(info).toMatchObject({ oldestRecordId: 6000, newestRecordId: 7000 });
    await expectPlatformError(host.ports.channels.subscribe('Application', { kind: 'after-record', recordId: 5000, logIdentity: info.logIdentity }), 'BOOKMARK_NOT_FOUND');
    const gap = { first: 5001, last: info.oldestRecordId! - 1 };
    expect(gap).toEqual({ first: 5001, last: 5999 });
    const records = await readAll('Application', { kind: 'bookmark', bookmark: formatBookmark({ channel: 'Application', recordId: 5000 }), strict: false });
    expect(records[0].recordId).toBe(6000);
    expect(records).toHaveLength(1001);
  });
});

describe('BUG-15 (c): a stale handle once', () => {
  it('fails recoverably, and re-subscribing from the last bookmark continues without duplicates', async () => {
    fill('Application', 10);
    const sub = await host.ports.channels.subscribe('Application', { kind: 'oldest' });
    open.push(sub);
    const first = await sub.next({ max: 4 });
    host.injectFault('channel.read', 'STALE_HANDLE', 1);
    const error = await expectPlatformError(sub.next({ max: 4 }), 'STALE_HANDLE');
    expect(error.recoverable).toBe(true);
    const again = await host.ports.channels.subscribe('Application', { kind: 'bookmark', bookmark: sub.bookmark()!, strict: true });
    open.push(again);
    const rest = await again.next({ max: 100 });
    expect([...first, ...rest].map((r) => r.recordId)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });
});
