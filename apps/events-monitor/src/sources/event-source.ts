import type { EventRecord } from '@sysward/evtx';

/**
 * A batch of records read from one source, in record-id order, with the
 * position to checkpoint once the batch is durably in the outbox.
 */
export interface SourceBatch {
  /** Canonical checkpoint key of the source. */
  source: string;
  logInstanceId: string;
  /** Channel name the source stands for (for recordings: the file path). */
  label: string;
  records: EventRecord[];
  /** Record id to checkpoint after this batch (the last one read, even if filtered out). */
  lastRecordId: number;
  /** Losses found before these records, appended ahead of them in the same transaction (R-MON-2). */
  gaps?: SourceGap[];
  /** The channel's bookmark for lastRecordId, kept with the checkpoint (live channels only). */
  bookmark?: string | null;
}

/** Records that should have been read and were not, reported as data (R-MON-2). */
export interface SourceGap {
  cause: 'WRAP' | 'CLEAR';
  channel: string;
  /** The log the missing records belonged to. */
  logInstanceId: string;
  firstRecordId: number;
  /** Null when unknown (a cleared log). */
  lastRecordId: number | null;
  detail: string;
}

/** What a source says besides records: damage it skipped, a file it finished. */
export interface SourceObserver {
  onDamage(source: string, detail: { damagedChunks: number; recordErrors: number; messages: string[] }): void;
  onSourceDone(source: string, label: string, records: number): void;
  /** The file could not be read at all (not .evtx, unreadable): reported, and the other sources go on. */
  onSourceError(label: string, error: Error): void;
}

/** Port for everything the monitor reads from: recordings, the live channel, and ui-realtime later. */
export interface EventSource {
  /** Yields batches until the source is exhausted (or forever, for a watched/live source) or the signal aborts. */
  batches(signal: AbortSignal): AsyncIterable<SourceBatch>;
}
