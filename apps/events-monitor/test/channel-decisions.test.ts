/**
 * The small decisions around the live channel, as tables: which records are
 * accepted in managed mode (R-MON-3), where the channel comes from (seam 5),
 * when a missing checkpoint is worth a warning (BUG-14), and what the installer
 * is told after a Sysmon change (R-INS-11).
 */
import type { StoreOpenReport } from '@sysward/state-store';
import { MemoryMonitorStore } from '@sysward/state-store/testing';
import {
  acceptanceVerdict,
  AcceptanceGate,
  changeVerified,
  choosePlatform,
  missingCheckpointWarning,
  noticeAfterClear,
  type ManagedNotice,
} from '../src';

const managed = (managedSinceRecordId: number, logInstanceId = 'A'): ManagedNotice => ({ state: 'managed', managedSinceRecordId, logInstanceId, reason: '', atMs: 1 });

describe('R-MON-3 acceptanceVerdict: only the managed Sysmon, after our own install\'s event 4', () => {
  it.each([
    ['self-managed: every record', 'self-managed', null, 'A', 1, { kind: 'accept' }],
    ['managed, no word from the installer yet: hold, skip nothing', 'managed', null, 'A', 1, { kind: 'wait' }],
    ['after event 4 of our install', 'managed', managed(10), 'A', 11, { kind: 'accept' }],
    ['event 4 itself and before it', 'managed', managed(10), 'A', 10, { kind: 'outside', reason: 'before-install' }],
    ['while the installer reports FOREIGN_SYSMON', 'managed', { ...managed(10), state: 'foreign_sysmon' }, 'A', 50, { kind: 'outside', reason: 'not-managed' }],
    ['while the installer reports FAILED', 'managed', { ...managed(10), state: 'failed' }, 'A', 50, { kind: 'outside', reason: 'not-managed' }],
    ['a log the installer did not name', 'managed', managed(10, 'A'), 'B', 50, { kind: 'outside', reason: 'other-log' }],
    ['the installer could not name the log: any log', 'managed', managed(0, ''), 'B', 1, { kind: 'accept' }],
  ] as const)('%s', (_name, mode, notice, log, recordId, verdict) => {
    expect(acceptanceVerdict(mode, notice as ManagedNotice | null, log, recordId)).toEqual(verdict);
  });

  it('a clear while MANAGED moves the notice into the new log from its first record; other notices stay', () => {
    expect(noticeAfterClear(managed(10, 'A'), 'A', 'B')).toMatchObject({ logInstanceId: 'B', managedSinceRecordId: 0, state: 'managed' });
    expect(noticeAfterClear(managed(10, 'X'), 'A', 'B')).toMatchObject({ logInstanceId: 'X', managedSinceRecordId: 10 });
    const foreign = { ...managed(10, 'A'), state: 'foreign_sysmon' as const };
    expect(noticeAfterClear(foreign, 'A', 'B')).toBe(foreign);
    expect(noticeAfterClear(null, 'A', 'B')).toBeNull();
  });

  it('the gate keeps the installer\'s word in the store, so a restarted monitor does not hold again', () => {
    const store = new MemoryMonitorStore();
    const first = new AcceptanceGate('managed', store);
    expect(first.holdReason()).toMatch(/waiting for the sysmon installer/);
    first.set(managed(10));
    const restarted = new AcceptanceGate('managed', store);
    expect(restarted.holdReason()).toBeNull();
    expect(restarted.verdict('A', 11)).toEqual({ kind: 'accept' });
    restarted.logCleared('A', 'B');
    expect(new AcceptanceGate('managed', store).current()).toMatchObject({ logInstanceId: 'B', managedSinceRecordId: 0 });
  });

  it('R-REL-2 an unreadable saved notice is reported and the gate holds rather than guesses', () => {
    const store = new MemoryMonitorStore();
    store.setMeta('acceptance.notice.v1', '{not json');
    const unreadable = jest.fn();
    const gate = new AcceptanceGate('managed', store, unreadable);
    expect(unreadable).toHaveBeenCalledWith('{not json');
    expect(gate.holdReason()).not.toBeNull();
  });
});

describe('choosePlatform: the one place that picks the live channel\'s platform', () => {
  it.each([
    ['--sim on Linux', { sim: true, simExists: false, platform: 'linux' }, 'sim'],
    ['a sim home exists on Linux', { sim: false, simExists: true, platform: 'linux' }, 'sim'],
    ['a sim home exists on Windows: the sim still wins (no real event log by accident)', { sim: false, simExists: true, platform: 'win32' }, 'sim'],
    ['Windows without a sim', { sim: false, simExists: false, platform: 'win32' }, 'windows'],
    ['Linux without a sim: nothing to read', { sim: false, simExists: false, platform: 'linux' }, 'none'],
  ] as const)('%s', (_name, input, kind) => {
    expect(choosePlatform(input).kind).toBe(kind);
  });
});

describe('BUG-14 missingCheckpointWarning: a channel that had a checkpoint and now has none', () => {
  const report = (over: Partial<StoreOpenReport>): StoreOpenReport => ({
    recreated: null,
    fromVersion: 3,
    toVersion: 3,
    unmatchedCheckpointKeys: [],
    createdEmpty: null,
    previousSessionUnclean: false,
    ...over,
  });
  const CH = 'Microsoft-Windows-Sysmon/Operational';
  const checkpoint = { source: CH, logInstanceId: 'A', recordId: 5, bookmark: null, updatedAtMs: 1 };

  it.each([
    ['a checkpoint is there', checkpoint, report({ createdEmpty: { lossSuspected: true, reason: 'x' } }), null],
    ['a brand-new store: nothing was lost', null, report({ createdEmpty: { lossSuspected: false, reason: 'new store' } }), null],
    ['the store was recreated', null, report({ recreated: { movedAsidePath: '/x', reason: 'not a database' } }), /recreated \(not a database\)/],
    ['the store file went missing', null, report({ createdEmpty: { lossSuspected: true, reason: 'the database file was missing from a path used before' } }), /missing or empty/],
    ['checkpoints only under another channel name', null, report({ unmatchedCheckpointKeys: ['Microsoft-Windows-Sysmon/Operationl'] }), /other channel names/],
    ['recording checkpoints are not this channel', null, report({ unmatchedCheckpointKeys: ['recording:abc'] }), null],
  ] as const)('%s', (_name, cp, rep, expected) => {
    const warning = missingCheckpointWarning(CH, cp, rep);
    if (expected === null) expect(warning).toBeNull();
    else expect(warning).toMatch(expected);
  });
});

describe('R-INS-11 changeVerified: what the installer learns after SysmonChangeDone', () => {
  const CH = 'Microsoft-Windows-Sysmon/Operational';
  it.each([
    [{ kind: 'resume', afterRecordId: 42 }, 'B', { continuity: 'continued', resumedAfter: { channel: CH, logInstanceId: 'B', recordId: 42 }, gap: null }],
    [{ kind: 'first-read' }, 'B', { continuity: 'first_read', resumedAfter: null, gap: null }],
    [
      { kind: 'wrapped', gap: { cause: 'WRAP', logInstanceId: 'B', firstRecordId: 43, lastRecordId: 99, detail: '' } },
      'B',
      { continuity: 'wrapped', resumedAfter: { recordId: 99 }, gap: { firstRecordId: 43, lastRecordId: 99 } },
    ],
    [
      { kind: 'cleared', gap: { cause: 'CLEAR', logInstanceId: 'A', firstRecordId: 43, lastRecordId: null, detail: '' } },
      'B',
      { continuity: 'cleared', resumedAfter: { logInstanceId: 'B', recordId: 0 }, gap: { firstRecordId: 43, lastRecordId: null } },
    ],
  ] as const)('%j', (plan, log, expected) => {
    expect(changeVerified({ plan: plan as never, logInstanceId: log }, CH)).toMatchObject(expected);
  });
});
