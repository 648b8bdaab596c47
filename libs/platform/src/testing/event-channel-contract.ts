import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parseBookmark } from '../bookmark';
import type { ChannelRecord, ChannelSubscription, EventChannelPort } from '../event-channel';
import { expectPlatformError } from './expect-platform-error';

export interface EventChannelSubject {
  channels: EventChannelPort;
  /** An existing channel the suite may write to, shrink and clear. */
  channel: string;
  /** Writes `count` events into `channel` (through the host, as a provider would). */
  write(count: number): Promise<void>;
  /** The channel where clearing `channel` leaves the Eventlog's log-cleared event (System on Windows). */
  logClearedIn?: string;
  reopen?(): EventChannelPort;
  dispose?(): Promise<void> | void;
}

async function drain(sub: ChannelSubscription, max = 10_000): Promise<ChannelRecord[]> {
  const out: ChannelRecord[] = [];
  for (;;) {
    const batch = await sub.next({ max: 500 });
    out.push(...batch);
    if (batch.length === 0 || out.length >= max) return out;
  }
}

export function describeEventChannelContract(name: string, factory: () => Promise<EventChannelSubject> | EventChannelSubject): void {
  describe(`${name} obeys the EventChannelPort contract`, () => {
    let subject: EventChannelSubject;
    let port: EventChannelPort;
    let channel: string;
    const open: ChannelSubscription[] = [];
    const subscribe = async (...args: Parameters<EventChannelPort['subscribe']>): Promise<ChannelSubscription> => {
      const sub = await port.subscribe(...args);
      open.push(sub);
      return sub;
    };

    beforeEach(async () => {
      subject = await factory();
      port = subject.channels;
      channel = subject.channel;
      await port.clear(channel);
    });
    afterEach(async () => {
      for (const sub of open.splice(0)) await sub.close();
      await subject.dispose?.();
    });

    it('a missing channel is NOT_FOUND for info and subscribe; list names the channel', async () => {
      await expectPlatformError(port.info('Sysward-Contract/Missing'), 'NOT_FOUND');
      await expectPlatformError(port.subscribe('Sysward-Contract/Missing', { kind: 'oldest' }), 'NOT_FOUND');
      expect((await port.list()).map((c) => c.toLowerCase())).toContain(channel.toLowerCase());
    });

    it('reads records in record-id order with their XML, honouring max; an empty read returns []', async () => {
      await subject.write(5);
      const info = await port.info(channel);
      expect(info.recordCount).toBe(5);
      const sub = await subscribe(channel, { kind: 'oldest' });
      const first = await sub.next({ max: 2 });
      const rest = await drain(sub);
      const records = [...first, ...rest];
      expect(first).toHaveLength(2);
      expect(records.map((r) => r.recordId)).toEqual(Array.from({ length: 5 }, (_, i) => info.oldestRecordId! + i));
      expect(records[4].recordId).toBe(info.newestRecordId);
      for (const r of records) {
        expect(r.xml).toContain(`<EventRecordID>${r.recordId}</EventRecordID>`);
        expect(r.xml).toContain(`<Channel>${channel}</Channel>`);
        expect(r.xml).toContain(`<EventID>${r.eventId}</EventID>`);
        expect(r.timeCreatedMs).toEqual(expect.any(Number));
      }
      const t0 = Date.now();
      expect(await sub.next({ max: 10, timeoutMs: 50 })).toEqual([]);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(40);
    });

    it('a future subscription sees only new records, promptly, also when written through another view', async () => {
      await subject.write(3);
      const sub = await subscribe(channel, { kind: 'future' });
      expect(await sub.next({ max: 10 })).toEqual([]);
      const waiting = sub.next({ max: 10, timeoutMs: 5000 });
      const t0 = Date.now();
      setTimeout(() => void subject.write(2), 30);
      const got = await waiting;
      expect(got.length).toBeGreaterThanOrEqual(1);
      expect(Date.now() - t0).toBeLessThan(2000);
      const all = [...got, ...(await drain(sub))];
      expect(all.map((r) => r.recordId)).toEqual([(await port.info(channel)).newestRecordId! - 1, (await port.info(channel)).newestRecordId!]);
    });

    it('an aborted wait returns [] without waiting out the timeout', async () => {
      const sub = await subscribe(channel, { kind: 'future' });
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 30);
      const t0 = Date.now();
      expect(await sub.next({ max: 1, timeoutMs: 5000, signal: ac.signal })).toEqual([]);
      expect(Date.now() - t0).toBeLessThan(2000);
    });

    it('R-MON-1: a bookmark resumes right after the bookmarked record', async () => {
      await subject.write(5);
      const sub = await subscribe(channel, { kind: 'oldest' });
      const firstThree = await sub.next({ max: 3 });
      const bookmark = sub.bookmark();
      expect(bookmark).not.toBeNull();
      expect(parseBookmark(bookmark!)).toEqual({ channel: expect.any(String), recordId: firstThree[2].recordId });
      const resumed = await subscribe(channel, { kind: 'bookmark', bookmark: bookmark!, strict: true });
      expect((await drain(resumed)).map((r) => r.recordId)).toEqual([firstThree[2].recordId + 1, firstThree[2].recordId + 2]);
    });

    it('after-record resumes after a record id of the same log identity', async () => {
      await subject.write(4);
      const info = await port.info(channel);
      const sub = await subscribe(channel, { kind: 'after-record', recordId: info.oldestRecordId! + 1, logIdentity: info.logIdentity });
      expect((await drain(sub)).map((r) => r.recordId)).toEqual([info.oldestRecordId! + 2, info.oldestRecordId! + 3]);
      await expectPlatformError(port.subscribe(channel, { kind: 'after-record', recordId: info.newestRecordId! + 1 }), 'BOOKMARK_NOT_FOUND');
      await expectPlatformError(port.subscribe(channel, { kind: 'after-record', recordId: info.oldestRecordId!, logIdentity: 'another-log' }), 'BOOKMARK_NOT_FOUND');
    });

    it('R-REL-2: a corrupt bookmark or one of another channel is INVALID_ARGUMENT', async () => {
      await expectPlatformError(port.subscribe(channel, { kind: 'bookmark', bookmark: '<Bookmark', strict: true }), 'INVALID_ARGUMENT');
      const other = "<BookmarkList><Bookmark Channel='Other/Channel' RecordId='1' IsCurrent='true'/></BookmarkList>";
      await expectPlatformError(port.subscribe(channel, { kind: 'bookmark', bookmark: other, strict: true }), 'INVALID_ARGUMENT');
    });

    it('BUG-15 (a): clear gives a new log identity, breaks open subscriptions (STALE_HANDLE) and strict bookmarks', async () => {
      await subject.write(5);
      const before = await port.info(channel);
      const sub = await subscribe(channel, { kind: 'oldest' });
      await drain(sub);
      const bookmark = sub.bookmark()!;
      const systemBefore = subject.logClearedIn ? (await port.info(subject.logClearedIn)).newestRecordId ?? 0 : 0;
      await port.clear(channel);
      const after = await port.info(channel);
      expect(after.logIdentity).not.toBe(before.logIdentity);
      expect(after.recordCount).toBe(0);
      const stale = await expectPlatformError(sub.next({ max: 10 }), 'STALE_HANDLE');
      expect(stale.recoverable).toBe(true);
      await expectPlatformError(port.subscribe(channel, { kind: 'bookmark', bookmark, strict: true }), 'BOOKMARK_NOT_FOUND');
      await subject.write(3);
      const loose = await subscribe(channel, { kind: 'bookmark', bookmark, strict: false });
      expect(await drain(loose)).toHaveLength(3);
      if (subject.logClearedIn) {
        const system = await subscribe(subject.logClearedIn, { kind: 'after-record', recordId: systemBefore });
        const cleared = (await drain(system)).filter((r) => r.eventId === 104 || r.eventId === 1102);
        expect(cleared.length).toBeGreaterThanOrEqual(1);
        expect(cleared[cleared.length - 1].xml).toContain(channel);
      }
    });

    it('BUG-15 (b): wrap-around drops the oldest records, ids continue and the identity stays', async () => {
      const effective = await port.setMaxSize(channel, 64 * 1024);
      expect(effective).toBeGreaterThanOrEqual(64 * 1024);
      await subject.write(1);
      const start = await port.info(channel);
      const firstId = start.oldestRecordId!;
      const reader = await subscribe(channel, { kind: 'oldest' });
      expect(await reader.next({ max: 1 })).toHaveLength(1);
      const firstBookmark = reader.bookmark()!;
      let written = 1;
      for (let i = 0; i < 400 && (await port.info(channel)).oldestRecordId === firstId; i++) {
        await subject.write(50);
        written += 50;
      }
      const info = await port.info(channel);
      expect(info.oldestRecordId).toBeGreaterThan(firstId);
      expect(info.logIdentity).toBe(start.logIdentity);
      expect(info.newestRecordId).toBe(firstId + written - 1);
      expect(info.recordCount).toBe(info.newestRecordId! - info.oldestRecordId! + 1);
      expect(info.sizeBytes).toBeLessThanOrEqual(info.maxSizeBytes);
      const jumped = await reader.next({ max: 1 });
      expect(jumped[0].recordId).toBe(info.oldestRecordId);
      await expectPlatformError(port.subscribe(channel, { kind: 'bookmark', bookmark: firstBookmark, strict: true }), 'BOOKMARK_NOT_FOUND');
      const loose = await subscribe(channel, { kind: 'bookmark', bookmark: firstBookmark, strict: false });
      expect((await loose.next({ max: 1 }))[0].recordId).toBe(info.oldestRecordId);
      await subscribe(channel, { kind: 'after-record', recordId: info.oldestRecordId! - 1 });
      await expectPlatformError(port.subscribe(channel, { kind: 'after-record', recordId: info.oldestRecordId! - 2 }), 'BOOKMARK_NOT_FOUND');
    });
  });
}
