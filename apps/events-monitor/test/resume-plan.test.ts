/**
 * R-MON-1, R-MON-2, BUG-15: where the live channel reader starts, as tables.
 * classifyResume decides from the durable checkpoint and the channel's own
 * view; readStart turns the decision into a subscription; recordIdJumps finds
 * records overwritten while unread.
 */
import { formatBookmark } from '@sysward/platform';
import { classifyResume, readStart, recordIdJumps, type ChannelView, type ResumeCheckpoint, type ResumePlan } from '../src';

const CH = 'Microsoft-Windows-Sysmon/Operational';
const channel = (logIdentity: string, oldestRecordId: number | null, newestRecordId: number | null): ChannelView => ({ channel: CH, logIdentity, oldestRecordId, newestRecordId });
const cp = (logInstanceId: string, recordId: number, bookmark: string | null = null): ResumeCheckpoint => ({ logInstanceId, recordId, bookmark });

describe('classifyResume (R-MON-1, R-MON-2, BUG-15)', () => {
  const rows: Array<[string, ResumeCheckpoint | null, ChannelView, Partial<ResumePlan> & { kind: ResumePlan['kind'] }, object | null]> = [
    ['no checkpoint: the whole channel is new', null, channel('A', 1, 200), { kind: 'first-read' }, null],
    ['no checkpoint, empty channel', null, channel('A', null, null), { kind: 'first-read' }, null],
    ['R-MON-1 same log, next record still there', cp('A', 150), channel('A', 1, 200), { kind: 'resume', afterRecordId: 150 }, null],
    ['R-MON-1 same log, caught up', cp('A', 200), channel('A', 1, 200), { kind: 'resume', afterRecordId: 200 }, null],
    ['same log, checkpoint right before the oldest (a wrap that lost nothing)', cp('A', 5999), channel('A', 6000, 7000), { kind: 'resume', afterRecordId: 5999 }, null],
    ['same log, nothing of it read yet (checkpoint 0 after a clear)', cp('A', 0), channel('A', 5001, 5200), { kind: 'resume', afterRecordId: 0 }, null],
    ['same log, now empty', cp('A', 40), channel('A', null, null), { kind: 'resume', afterRecordId: 40 }, null],
    [
      'BUG-15 (b) wrapped: checkpoint 5000, oldest 6000 -> gap 5001..5999, resume at 6000',
      cp('A', 5000),
      channel('A', 6000, 7000),
      { kind: 'wrapped' },
      { cause: 'WRAP', logInstanceId: 'A', firstRecordId: 5001, lastRecordId: 5999 },
    ],
    [
      'BUG-15 (a) cleared, ids restarted at 1: a CLEAR marker for the old log, then the new log from its oldest',
      cp('A', 5000),
      channel('B', 1, 200),
      { kind: 'cleared' },
      { cause: 'CLEAR', logInstanceId: 'A', firstRecordId: 5001, lastRecordId: null },
    ],
    [
      'BUG-15 (a) cleared, ids continued (5001..5200): only the identity tells',
      cp('A', 5000),
      channel('B', 5001, 5200),
      { kind: 'cleared' },
      { cause: 'CLEAR', logInstanceId: 'A', firstRecordId: 5001, lastRecordId: null },
    ],
    ['cleared and still empty', cp('A', 5000), channel('B', null, null), { kind: 'cleared' }, { cause: 'CLEAR', logInstanceId: 'A' }],
    [
      'same identity but the checkpoint is past the newest record: ids went backwards, reported',
      cp('A', 9000),
      channel('A', 1, 200),
      { kind: 'rewound' },
      { cause: 'CLEAR', logInstanceId: 'A', firstRecordId: 9001, lastRecordId: null },
    ],
  ];

  it.each(rows)('%s', (_name, checkpoint, info, expected, gap) => {
    const plan = classifyResume(checkpoint, info);
    expect(plan).toMatchObject(expected);
    if (gap) expect((plan as Extract<ResumePlan, { gap: unknown }>).gap).toMatchObject(gap);
    else expect(plan).not.toHaveProperty('gap');
  });

  it('the gap detail names the channel and both logs, so a person reading the gap record knows what happened', () => {
    const plan = classifyResume(cp('A', 5000), channel('B', 1, 200));
    expect(plan.kind === 'cleared' && plan.gap.detail).toMatch(/Sysmon\/Operational was cleared: log A .* after record 5000.*log B/);
  });
});

describe('readStart: the subscription for a plan (R-MON-1, BUG-15)', () => {
  const bookmark5000 = formatBookmark({ channel: CH, recordId: 5000 });
  const rows: Array<[string, ResumeCheckpoint | null, ChannelView, object]> = [
    ['first read: everything, any first id', null, channel('A', 1, 9), { from: { kind: 'oldest' }, expectedNext: null, afterGap: null }],
    [
      'resume with a bookmark naming the checkpoint: strict bookmark (fails rather than resuming elsewhere)',
      cp('A', 5000, bookmark5000),
      channel('A', 1, 6000),
      { from: { kind: 'bookmark', bookmark: bookmark5000, strict: true }, expectedNext: 5001, afterGap: null },
    ],
    [
      'resume without a bookmark: after the record id, in this log only',
      cp('A', 5000),
      channel('A', 1, 6000),
      { from: { kind: 'after-record', recordId: 5000, logIdentity: 'A' }, expectedNext: 5001 },
    ],
    [
      'a bookmark for another record than the checkpoint is not trusted',
      cp('A', 5000, formatBookmark({ channel: CH, recordId: 4000 })),
      channel('A', 1, 6000),
      { from: { kind: 'after-record', recordId: 5000, logIdentity: 'A' } },
    ],
    ['R-REL-2 a corrupt bookmark falls back to the record id', cp('A', 5000, '<BookmarkList>garbage'), channel('A', 1, 6000), { from: { kind: 'after-record', recordId: 5000 } }],
    ['resume in an empty log: from the oldest, expecting the next id', cp('A', 40), channel('A', null, null), { from: { kind: 'oldest' }, expectedNext: 41 }],
    ['resume at 0: the log from its start', cp('A', 0), channel('A', 5001, 5200), { from: { kind: 'oldest' }, expectedNext: null }],
    [
      'wrapped: from the oldest, expecting it; the gap moves the checkpoint to just before it',
      cp('A', 5000),
      channel('A', 6000, 7000),
      { from: { kind: 'oldest' }, expectedNext: 6000, afterGap: { logInstanceId: 'A', recordId: 5999 } },
    ],
    ['cleared: the new log from its start; the gap moves the checkpoint into it at 0', cp('A', 5000), channel('B', 5001, 5200), { from: { kind: 'oldest' }, expectedNext: null, afterGap: { logInstanceId: 'B', recordId: 0 } }],
  ];

  it.each(rows)('%s', (_name, checkpoint, info, expected) => {
    expect(readStart(classifyResume(checkpoint, info), checkpoint, info)).toMatchObject(expected);
  });

  it('after a gap is committed, the next classification is a plain resume (the same loss is never reported twice)', () => {
    for (const [checkpoint, info] of [
      [cp('A', 5000), channel('A', 6000, 7000)],
      [cp('A', 5000), channel('B', 5001, 5200)],
      [cp('A', 5000), channel('B', 1, 200)],
    ] as const) {
      const after = readStart(classifyResume(checkpoint, info), checkpoint, info).afterGap!;
      expect(classifyResume(cp(after.logInstanceId, after.recordId), info)).toMatchObject({ kind: 'resume' });
    }
  });
});

describe('recordIdJumps: records overwritten while unread (R-MON-2)', () => {
  it.each([
    ['contiguous', 11, [11, 12, 13], []],
    ['any first id when nothing is expected', null, [500, 501], []],
    ['a jump before the first record', 11, [20, 21], [{ first: 11, last: 19 }]],
    ['a jump inside the batch', 1, [1, 2, 7, 8], [{ first: 3, last: 6 }]],
    ['two jumps', 1, [4, 9], [{ first: 1, last: 3 }, { first: 5, last: 8 }]],
    ['ids that repeat or go back are not a loss', 5, [5, 5, 3, 6], []],
    ['no records', 5, [], []],
  ] as const)('%s', (_name, expected, ids, jumps) => {
    expect(recordIdJumps(expected, ids)).toEqual(jumps);
  });
});
