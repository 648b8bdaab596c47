/**
 * Where to read a live channel from after a start, a stale handle or a Sysmon
 * change (R-MON-1, R-MON-2, BUG-15). One pure decision from the durable
 * checkpoint and what the channel says about itself, so that every case of
 * BUG-15 is a table row rather than a branch hidden in the reader.
 */
import { parseBookmark, type ChannelInfo, type SubscribeFrom } from '@sysward/platform';

export type PlannedGapCause = 'WRAP' | 'CLEAR';

/** A loss found when resuming, emitted as a gap record before any record read after it. */
export interface PlannedGap {
  cause: PlannedGapCause;
  /** The log the missing records belonged to. */
  logInstanceId: string;
  firstRecordId: number;
  /** Null when unknown: a cleared log's last record id is gone with it. */
  lastRecordId: number | null;
  detail: string;
}

export interface ResumeCheckpoint {
  logInstanceId: string;
  /** Last record durably in the outbox; 0 means nothing of this log yet. */
  recordId: number;
  bookmark?: string | null;
}

export type ChannelView = Pick<ChannelInfo, 'channel' | 'logIdentity' | 'oldestRecordId' | 'newestRecordId'>;

export type ResumePlan =
  /** No checkpoint: everything the channel holds is new to us. */
  | { kind: 'first-read' }
  /** Same log, and the record after the checkpoint is still there (or not written yet). */
  | { kind: 'resume'; afterRecordId: number }
  /** Same log, but records after the checkpoint were overwritten: gap, then the oldest record. */
  | { kind: 'wrapped'; gap: PlannedGap }
  /** Another log (the channel was cleared): a "log cleared" gap, then the new log from its oldest record. */
  | { kind: 'cleared'; gap: PlannedGap }
  /** Same log identity but the checkpoint lies past the newest record: ids went backwards; reported and read from the oldest. */
  | { kind: 'rewound'; gap: PlannedGap };

export function classifyResume(checkpoint: ResumeCheckpoint | null, info: ChannelView): ResumePlan {
  if (checkpoint === null) return { kind: 'first-read' };
  const after = checkpoint.recordId;
  if (checkpoint.logInstanceId !== info.logIdentity) {
    return {
      kind: 'cleared',
      gap: {
        cause: 'CLEAR',
        logInstanceId: checkpoint.logInstanceId,
        firstRecordId: after + 1,
        lastRecordId: null,
        detail: `${info.channel} was cleared: log ${checkpoint.logInstanceId} is gone after record ${after} (records past it, if any, were not read); reading log ${info.logIdentity} from its oldest record`,
      },
    };
  }
  if (after === 0 || info.oldestRecordId === null || info.newestRecordId === null) return { kind: 'resume', afterRecordId: after };
  if (after > info.newestRecordId) {
    return {
      kind: 'rewound',
      gap: {
        cause: 'CLEAR',
        logInstanceId: info.logIdentity,
        firstRecordId: after + 1,
        lastRecordId: null,
        detail: `${info.channel}: the checkpoint (record ${after}) is past the newest record ${info.newestRecordId} of the same log ${info.logIdentity}; record ids went backwards, reading from the oldest record ${info.oldestRecordId}`,
      },
    };
  }
  if (after + 1 < info.oldestRecordId) {
    return {
      kind: 'wrapped',
      gap: {
        cause: 'WRAP',
        logInstanceId: info.logIdentity,
        firstRecordId: after + 1,
        lastRecordId: info.oldestRecordId - 1,
        detail: `${info.channel} overwrote records ${after + 1}..${info.oldestRecordId - 1} before they were read; resuming at the oldest record ${info.oldestRecordId}`,
      },
    };
  }
  return { kind: 'resume', afterRecordId: after };
}

/** How to subscribe for a plan, and what the reader expects next. */
export interface ReadStart {
  from: SubscribeFrom;
  /** The record id the next record must have; null when any first id is right (a log read from its start). */
  expectedNext: number | null;
  /** Where the checkpoint stands once the plan's gap record is committed (null: no gap record). */
  afterGap: { logInstanceId: string; recordId: number } | null;
}

export function readStart(plan: ResumePlan, checkpoint: ResumeCheckpoint | null, info: ChannelView): ReadStart {
  switch (plan.kind) {
    case 'first-read':
      return { from: { kind: 'oldest' }, expectedNext: null, afterGap: null };
    case 'resume': {
      const after = plan.afterRecordId;
      // Nothing to skip: the log is empty or nothing of it was read yet.
      if (after === 0 || info.oldestRecordId === null) return { from: { kind: 'oldest' }, expectedNext: after === 0 ? null : after + 1, afterGap: null };
      return { from: resumeFrom(after, checkpoint, info), expectedNext: after + 1, afterGap: null };
    }
    case 'wrapped':
      // Expect the oldest: if more was overwritten between the look and the subscribe, that shows as a second gap.
      return { from: { kind: 'oldest' }, expectedNext: info.oldestRecordId, afterGap: { logInstanceId: info.logIdentity, recordId: plan.gap.lastRecordId ?? 0 } };
    case 'cleared':
    case 'rewound':
      return { from: { kind: 'oldest' }, expectedNext: null, afterGap: { logInstanceId: info.logIdentity, recordId: 0 } };
  }
}

/** A strict bookmark when the checkpoint's bookmark names the checkpointed record (what Windows resumes from best); else the record id. */
function resumeFrom(after: number, checkpoint: ResumeCheckpoint | null, info: ChannelView): SubscribeFrom {
  const bookmark = checkpoint?.bookmark;
  if (bookmark && bookmarkNames(bookmark, info.channel, after)) return { kind: 'bookmark', bookmark, strict: true };
  return { kind: 'after-record', recordId: after, logIdentity: info.logIdentity };
}

function bookmarkNames(bookmark: string, channel: string, recordId: number): boolean {
  try {
    const position = parseBookmark(bookmark);
    return position.recordId === recordId && position.channel.toLowerCase() === channel.toLowerCase();
  } catch {
    // A corrupt bookmark is not fatal (R-REL-2): the record id in the checkpoint says the same.
    return false;
  }
}
