import type { EventRecord } from '@sysward/evtx';
import type { MonitorStore, OutboxItem } from '@sysward/state-store';
import type { EventSource, SourceBatch } from './sources/event-source';
import type { MonitorCounters } from './counters';
import type { GapEncoder } from './gap-encoder';
import { sleep } from './sleep';

/** Turns one record into an outbox item, or says why it is not forwarded. */
export type RecordEncoder = (
  record: EventRecord,
  batch: Pick<SourceBatch, 'logInstanceId' | 'label'>,
) => { kind: 'item'; item: OutboxItem } | { kind: 'health'; eventId: number } | { kind: 'skipped'; eventId: number; otherSource?: boolean };

export interface IngestOptions {
  source: EventSource;
  store: MonitorStore;
  encode: RecordEncoder;
  counters: MonitorCounters;
  /** Pause reading while the outbox holds this much (R-MON-4: the event log is the first buffer). */
  outboxCapBytes: number;
  now: () => number;
  /** Wakes the delivery loop after a commit. */
  onCommitted: () => void;
  onRecordError: (label: string, recordId: number, error: unknown) => void;
  /** Needed by sources that report gaps (the live channel). */
  encodeGap?: GapEncoder;
}

/**
 * Source -> normalise -> outbox. Every batch is appended together with its
 * checkpoint in one transaction (R-MON-4, R-MON-1), so after a crash the
 * source resumes right after the last committed batch.
 */
export async function runIngest(options: IngestOptions, signal: AbortSignal): Promise<void> {
  const { store, counters } = options;
  for await (const batch of options.source.batches(signal)) {
    const items: OutboxItem[] = gapItems(options, batch);
    for (const record of batch.records) {
      counters.read += 1;
      try {
        const result = options.encode(record, batch);
        if (result.kind === 'item') items.push(result.item);
        else if (result.kind === 'health') counters.countHealth(result.eventId);
        else if (result.otherSource) counters.otherSources += 1;
        else counters.countSkipped(result.eventId);
      } catch (error) {
        counters.recordErrors += 1;
        options.onRecordError(batch.label, record.recordId, error);
      }
    }
    await waitForOutboxRoom(options, signal);
    if (signal.aborted) return;
    const checkpoint = {
      source: batch.source,
      logInstanceId: batch.logInstanceId,
      recordId: batch.lastRecordId,
      bookmark: batch.bookmark ?? null,
      updatedAtMs: options.now(),
    };
    const result = store.appendWithCheckpoint(items, checkpoint);
    counters.forwarded += result.inserted;
    counters.duplicates += result.duplicates;
    counters.gaps += batch.gaps?.length ?? 0;
    counters.lastCheckpoint = { source: batch.source, recordId: batch.lastRecordId, atMs: checkpoint.updatedAtMs };
    options.onCommitted();
  }
}

/** Gap records go first, in the same transaction as the records after them (R-MON-2). */
function gapItems(options: IngestOptions, batch: SourceBatch): OutboxItem[] {
  if (!batch.gaps || batch.gaps.length === 0) return [];
  const encode = options.encodeGap;
  if (!encode) throw new Error(`ingest: ${batch.label} reported a gap but no gap encoder was given`);
  return batch.gaps.map(encode);
}

async function waitForOutboxRoom(options: IngestOptions, signal: AbortSignal): Promise<void> {
  while (!signal.aborted && options.store.stats().bytes >= options.outboxCapBytes) {
    await sleep(100, signal);
  }
}
