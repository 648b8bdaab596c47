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
}

/** What a source says besides records: damage it skipped, a file it finished. */
export interface SourceObserver {
  onDamage(source: string, detail: { damagedChunks: number; recordErrors: number; messages: string[] }): void;
  onSourceDone(source: string, label: string, records: number): void;
  /** The file could not be read at all (not .evtx, unreadable): reported, and the other sources go on. */
  onSourceError(label: string, error: Error): void;
}

/** Port for everything the monitor reads from: recordings now, the live channel and ui-realtime later. */
export interface EventSource {
  /** Yields batches until the source is exhausted (or forever, for a watched/live source) or the signal aborts. */
  batches(signal: AbortSignal): AsyncIterable<SourceBatch>;
}
