import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Checkpoint, MonitorStore, OutboxItem } from '../contracts';
import { isStateStoreError, type StateStoreErrorCode } from '../errors';

/** A MonitorStore implementation as the contract suite sees it. */
export interface MonitorStoreContractSubject {
  /** Opens the store under test; after close(), opens the same store again. */
  open(options?: { canonicalSources?: string[] }): MonitorStore;
  /** Removes whatever the subject created (files, volumes). */
  dispose?(): void;
}

export interface MonitorStoreContractOptions {
  /** The store keeps its data across close() and open(): the reopen variant and restart tests run. */
  durable: boolean;
}

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

function item(key: string, size = 16): OutboxItem {
  const payload = new Uint8Array(size);
  for (let i = 0; i < size; i++) payload[i] = (key.charCodeAt(i % key.length) + i) & 0xff;
  return { key, payload };
}

function checkpoint(source: string, recordId: number, overrides: Partial<Checkpoint> = {}): Checkpoint {
  return {
    source,
    logInstanceId: 'log-instance-1',
    recordId,
    bookmark: `<BookmarkList><Bookmark Channel='${source}' RecordId='${recordId}' IsCurrent='true'/></BookmarkList>`,
    updatedAtMs: 1_700_000_000_000 + recordId,
    ...overrides,
  };
}

function expectStoreError(action: () => unknown, code: StateStoreErrorCode, messagePart?: string): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(isStateStoreError(thrown, code) ? code : thrown).toBe(code);
  if (messagePart !== undefined) expect((thrown as Error).message).toContain(messagePart);
}

function keysOf(store: MonitorStore): string[] {
  return store.readOutbox(0, 1_000_000).map((stored) => stored.key);
}

/**
 * One behavioural suite for every MonitorStore (ARCHITECTURE seam 1). Each
 * test writes, then "restarts" and reads: in the first variant the restart
 * keeps the same instance; for durable stores a second variant closes the
 * store and opens it again, which is what a process restart does.
 */
export function describeMonitorStoreContract(
  name: string,
  createSubject: () => MonitorStoreContractSubject,
  options: MonitorStoreContractOptions,
): void {
  const variants = [{ title: 'same instance', reopen: false }];
  if (options.durable) variants.push({ title: 'closed and reopened between writing and reading', reopen: true });

  describe(`${name} obeys the MonitorStore contract`, () => {
    for (const variant of variants) {
      describe(variant.title, () => {
        let subject: MonitorStoreContractSubject;
        let store: MonitorStore;
        let sourcesOption: { canonicalSources?: string[] } = {};

        const open = (opts: { canonicalSources?: string[] } = {}): MonitorStore => {
          sourcesOption = opts;
          store = subject.open(opts);
          return store;
        };
        const restart = (): MonitorStore => {
          if (!variant.reopen) return store;
          store.close();
          store = subject.open(sourcesOption);
          return store;
        };

        beforeEach(() => {
          subject = createSubject();
        });
        afterEach(() => {
          store?.close();
          subject.dispose?.();
        });

        it('R-MON-4: appendWithCheckpoint stores the batch in order and moves the checkpoint with it', () => {
          open();
          const batch = [item('k1'), item('k2', 3), item('k3', 200)];
          const cp = checkpoint(SYSMON, 3);
          expect(store.appendWithCheckpoint(batch, cp)).toEqual({ inserted: 3, duplicates: 0 });
          restart();
          const stored = store.readOutbox(0, 10);
          expect(stored.map((s) => s.key)).toEqual(['k1', 'k2', 'k3']);
          stored.forEach((s, i) => expect(Buffer.from(s.payload)).toEqual(Buffer.from(batch[i]!.payload)));
          expect(stored[0]!.seq).toBeLessThan(stored[1]!.seq);
          expect(stored[1]!.seq).toBeLessThan(stored[2]!.seq);
          expect(store.getCheckpoint(SYSMON)).toEqual(cp);
        });

        it('R-MON-4 / R-REL-2: a batch refused for bad input changes neither the outbox nor the checkpoint', () => {
          open();
          const good = checkpoint(SYSMON, 10);
          store.appendWithCheckpoint([item('a')], good);
          expectStoreError(
            () => store.appendWithCheckpoint([item('b'), { key: '', payload: new Uint8Array(1) }], checkpoint(SYSMON, 12)),
            'INVALID_ARGUMENT',
            'items[1].key',
          );
          expectStoreError(
            () => store.appendWithCheckpoint([item('c'), { key: 'd', payload: 'text' as unknown as Uint8Array }], checkpoint(SYSMON, 12)),
            'INVALID_ARGUMENT',
            'items[1].payload',
          );
          expectStoreError(() => store.appendWithCheckpoint([item('e')], checkpoint(SYSMON, -1)), 'INVALID_ARGUMENT', 'checkpoint.recordId');
          expectStoreError(() => store.appendWithCheckpoint([item('f')], checkpoint('  ', 13)), 'INVALID_ARGUMENT', 'checkpoint.source');
          expectStoreError(
            () => store.appendWithCheckpoint([item('g')], checkpoint(SYSMON, 14, { updatedAtMs: Number.NaN })),
            'INVALID_ARGUMENT',
            'checkpoint.updatedAtMs',
          );
          expectStoreError(
            () => store.saveCheckpoint(checkpoint(SYSMON, 15, { bookmark: 42 as unknown as string })),
            'INVALID_ARGUMENT',
            'checkpoint.bookmark',
          );
          restart();
          expect(keysOf(store)).toEqual(['a']);
          expect(store.getCheckpoint(SYSMON)).toEqual(good);
          expect(store.stats().count).toBe(1);
        });

        it('R-MON-5: keys already in the outbox are ignored and counted as duplicates', () => {
          open();
          expect(store.appendWithCheckpoint([item('a'), item('b')], checkpoint(SYSMON, 2))).toEqual({ inserted: 2, duplicates: 0 });
          restart();
          expect(store.appendWithCheckpoint([item('b'), item('c'), item('c')], checkpoint(SYSMON, 3))).toEqual({
            inserted: 1,
            duplicates: 2,
          });
          restart();
          expect(keysOf(store)).toEqual(['a', 'b', 'c']);
          expect(store.stats()).toMatchObject({ count: 3, bytes: 48 });
          expect(store.getCheckpoint(SYSMON)?.recordId).toBe(3);
        });

        it('R-MON-5: a key trimmed after delivery is accepted again (at-least-once; the platform drops duplicates)', () => {
          open();
          store.appendWithCheckpoint([item('a')], checkpoint(SYSMON, 1));
          const [first] = store.readOutbox(0, 1);
          expect(store.trimThrough(first!.seq)).toBe(1);
          restart();
          expect(store.appendWithCheckpoint([item('a')], checkpoint(SYSMON, 1))).toEqual({ inserted: 1, duplicates: 0 });
        });

        it('R-MON-4: seq only grows and is never reused, even after the outbox was trimmed empty', () => {
          open();
          store.appendWithCheckpoint([item('a'), item('b')], checkpoint(SYSMON, 2));
          const newest = store.stats().newestSeq!;
          store.trimThrough(newest);
          expect(store.stats()).toMatchObject({ count: 0, bytes: 0, oldestSeq: null, newestSeq: null });
          restart();
          store.appendWithCheckpoint([item('c')], checkpoint(SYSMON, 3));
          expect(store.readOutbox(0, 10)[0]!.seq).toBeGreaterThan(newest);
        });

        it('R-MON-1: saveCheckpoint moves one source without items and leaves the others alone', () => {
          open();
          store.appendWithCheckpoint([item('a')], checkpoint(SYSMON, 1));
          store.saveCheckpoint(checkpoint('System', 77, { bookmark: null }));
          store.saveCheckpoint(checkpoint(SYSMON, 4));
          // An empty batch (every record filtered out) still moves the checkpoint.
          expect(store.appendWithCheckpoint([], checkpoint(SYSMON, 5, { logInstanceId: 'log-instance-2' }))).toEqual({
            inserted: 0,
            duplicates: 0,
          });
          restart();
          expect(store.getCheckpoint(SYSMON)).toEqual(checkpoint(SYSMON, 5, { logInstanceId: 'log-instance-2' }));
          expect(store.getCheckpoint('System')).toEqual(checkpoint('System', 77, { bookmark: null }));
          expect(store.getCheckpoint('Security')).toBeNull();
          expect(store.listCheckpoints().map((c) => c.recordId).sort((a, b) => a - b)).toEqual([5, 77]);
          expect(keysOf(store)).toEqual(['a']);
        });

        it('BUG-15: a checkpoint may move backwards when the log instance changes (log cleared)', () => {
          open();
          store.saveCheckpoint(checkpoint(SYSMON, 5000));
          store.appendWithCheckpoint([item('new-log-1')], checkpoint(SYSMON, 1, { logInstanceId: 'log-instance-2' }));
          restart();
          expect(store.getCheckpoint(SYSMON)).toMatchObject({ recordId: 1, logInstanceId: 'log-instance-2' });
        });

        it('BUG-14: checkpoints are found whatever the case, and read back under the subscribed name', () => {
          open({ canonicalSources: [SYSMON] });
          store.saveCheckpoint(checkpoint('microsoft-windows-sysmon/operational', 9000));
          restart();
          expect(store.getCheckpoint(SYSMON)).toEqual(checkpoint(SYSMON, 9000, { bookmark: checkpoint('microsoft-windows-sysmon/operational', 9000).bookmark }));
          expect(store.getCheckpoint('MICROSOFT-WINDOWS-SYSMON/OPERATIONAL')?.recordId).toBe(9000);
          store.appendWithCheckpoint([item('x')], checkpoint(SYSMON, 9001));
          restart();
          expect(store.listCheckpoints()).toHaveLength(1);
          expect(store.listCheckpoints()[0]).toMatchObject({ source: SYSMON, recordId: 9001 });
        });

        it('readOutbox returns the items after afterSeq, at most limit, in seq order', () => {
          open();
          const keys = Array.from({ length: 10 }, (_, i) => `key-${i}`);
          store.appendWithCheckpoint(keys.map((k) => item(k)), checkpoint(SYSMON, 10));
          restart();
          const all = store.readOutbox(0, 100);
          expect(all.map((s) => s.key)).toEqual(keys);
          expect(store.readOutbox(all[3]!.seq, 4).map((s) => s.key)).toEqual(keys.slice(4, 8));
          expect(store.readOutbox(all[9]!.seq, 4)).toEqual([]);
          expect(store.readOutbox(0, 0)).toEqual([]);
        });

        it('R-MON-6: trimThrough deletes through seq after delivery, returns the count, and stats follow', () => {
          open();
          store.appendWithCheckpoint(['a', 'b', 'c', 'd'].map((k) => item(k, 10)), checkpoint(SYSMON, 4));
          const all = store.readOutbox(0, 10);
          expect(store.trimThrough(all[1]!.seq)).toBe(2);
          expect(store.trimThrough(all[1]!.seq)).toBe(0);
          restart();
          expect(keysOf(store)).toEqual(['c', 'd']);
          expect(store.stats()).toEqual({ count: 2, bytes: 20, oldestSeq: all[2]!.seq, newestSeq: all[3]!.seq, evictedTotal: 0 });
        });

        it('R-MON-4: evictOldest drops the oldest items until under the cap and reports what it dropped', () => {
          open();
          store.appendWithCheckpoint(['a', 'b', 'c', 'd', 'e'].map((k) => item(k, 100)), checkpoint(SYSMON, 5));
          const all = store.readOutbox(0, 10);
          const eviction = store.evictOldest(250);
          expect(eviction).toEqual({ dropped: 3, firstSeq: all[0]!.seq, lastSeq: all[2]!.seq, keys: ['a', 'b', 'c'], bytes: 300 });
          restart();
          expect(keysOf(store)).toEqual(['d', 'e']);
          expect(store.stats()).toMatchObject({ count: 2, bytes: 200, evictedTotal: 3 });
          expect(store.evictOldest(200)).toEqual({ dropped: 0, firstSeq: null, lastSeq: null, keys: [], bytes: 0 });
          expect(store.evictOldest(0)).toMatchObject({ dropped: 2, keys: ['d', 'e'] });
          restart();
          expect(store.stats()).toEqual({ count: 0, bytes: 0, oldestSeq: null, newestSeq: null, evictedTotal: 5 });
          expect(store.getCheckpoint(SYSMON)?.recordId).toBe(5);
        });

        it('stats of an empty store are zero with no seq range', () => {
          open();
          restart();
          expect(store.stats()).toEqual({ count: 0, bytes: 0, oldestSeq: null, newestSeq: null, evictedTotal: 0 });
          expect(store.listCheckpoints()).toEqual([]);
        });

        it('meta values are stored, overwritten and read back; a missing key reads null', () => {
          open();
          store.setMeta('agent.id', 'first');
          store.setMeta('agent.id', 'agent-0001');
          store.setMeta('empty', '');
          restart();
          expect(store.getMeta('agent.id')).toBe('agent-0001');
          expect(store.getMeta('empty')).toBe('');
          expect(store.getMeta('missing')).toBeNull();
        });

        it('R-REL-2: bad arguments get INVALID_ARGUMENT naming the argument, and change nothing', () => {
          open();
          store.appendWithCheckpoint([item('a')], checkpoint(SYSMON, 1));
          expectStoreError(() => store.readOutbox(-1, 10), 'INVALID_ARGUMENT', 'afterSeq');
          expectStoreError(() => store.readOutbox(0, 1.5), 'INVALID_ARGUMENT', 'limit');
          expectStoreError(() => store.trimThrough(Number.NaN), 'INVALID_ARGUMENT', 'trimThrough');
          expectStoreError(() => store.evictOldest(-5), 'INVALID_ARGUMENT', 'maxBytes');
          expectStoreError(() => store.getCheckpoint(''), 'INVALID_ARGUMENT', 'source');
          expectStoreError(() => store.setMeta('', 'x'), 'INVALID_ARGUMENT', 'meta key');
          expectStoreError(() => store.setMeta('k', 5 as unknown as string), 'INVALID_ARGUMENT', 'meta value');
          expectStoreError(() => store.appendWithCheckpoint('nope' as unknown as OutboxItem[], checkpoint(SYSMON, 2)), 'INVALID_ARGUMENT', 'items');
          restart();
          expect(keysOf(store)).toEqual(['a']);
          expect(store.getMeta('k')).toBeNull();
        });

        it('a closed store refuses every call with CLOSED, and closing twice is harmless', () => {
          open();
          store.close();
          store.close();
          expectStoreError(() => store.appendWithCheckpoint([item('a')], checkpoint(SYSMON, 1)), 'CLOSED');
          expectStoreError(() => store.saveCheckpoint(checkpoint(SYSMON, 1)), 'CLOSED');
          expectStoreError(() => store.getCheckpoint(SYSMON), 'CLOSED');
          expectStoreError(() => store.listCheckpoints(), 'CLOSED');
          expectStoreError(() => store.readOutbox(0, 1), 'CLOSED');
          expectStoreError(() => store.trimThrough(1), 'CLOSED');
          expectStoreError(() => store.evictOldest(0), 'CLOSED');
          expectStoreError(() => store.stats(), 'CLOSED');
          expectStoreError(() => store.getMeta('a'), 'CLOSED');
          expectStoreError(() => store.setMeta('a', 'b'), 'CLOSED');
        });

        if (options.durable) {
          it('BUG-14: after a restart, rows matching none of the subscribed sources are reported as unmatched', () => {
            open();
            store.saveCheckpoint(checkpoint('microsoft-windows-sysmon/operational', 9000));
            store.saveCheckpoint(checkpoint('wineventlog', 9000));
            store.close();
            open({ canonicalSources: [SYSMON] });
            expect(store.openReport.unmatchedCheckpointKeys).toEqual(['wineventlog']);
            expect((store.getCheckpoint(SYSMON)?.recordId ?? 0) + 1).toBe(9001);
          });

          it('one writer per store: a second open while the first is open fails with WRITER_LOCKED', () => {
            open();
            store.setMeta('owner', 'first');
            expectStoreError(() => subject.open(), 'WRITER_LOCKED', 'already open for writing');
            expect(store.getMeta('owner')).toBe('first');
            store.close();
            open();
            expect(store.getMeta('owner')).toBe('first');
          });
        }
      });
    }
  });
}
