import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EventRecord } from '@sysward/evtx';
import type { Checkpoint } from '@sysward/state-store';
import { openRecording, type Recording } from './recording-reader';
import type { EventSource, SourceBatch, SourceObserver } from './event-source';
import { sleep } from '../sleep';

export interface RecordingSourceOptions {
  /** Files and/or folders; folders contribute their *.evtx files. */
  paths: string[];
  /** Keep looking for new or grown files until aborted (R-MON-7 "a folder watched for new files"). */
  watch: boolean;
  watchIntervalMs: number;
  batchSize: number;
  checkpointOf: (source: string) => Checkpoint | null;
  observer: SourceObserver;
}

/** Checkpoint key of a recording: its identity, not its name, so a renamed copy is not read twice. */
export function recordingSourceKey(identity: string): string {
  return `recording:${identity}`;
}

/**
 * Reads .evtx recordings (R-MON-7). Each file is its own source with its own
 * checkpoint; records at or below the checkpoint were already made durable
 * and are skipped, so a restart resumes right after the last committed batch.
 */
export class RecordingSource implements EventSource {
  /** Size and mtime seen when a file was last read to its end. */
  private readonly finished = new Map<string, string>();

  constructor(private readonly options: RecordingSourceOptions) {}

  async *batches(signal: AbortSignal): AsyncIterable<SourceBatch> {
    for (;;) {
      for (const file of this.listFiles()) {
        if (signal.aborted) return;
        const stamp = fileStamp(file);
        if (stamp === null || this.finished.get(file) === stamp) continue;
        if (this.options.watch && !(await sizeIsSettled(file, stamp, signal))) continue;
        yield* this.readFile(file, signal);
        this.finished.set(file, stamp);
      }
      if (!this.options.watch || signal.aborted) return;
      await sleep(this.options.watchIntervalMs, signal);
      if (signal.aborted) return;
    }
  }

  private *readFile(file: string, signal: AbortSignal): Iterable<SourceBatch> {
    let recording: Recording;
    try {
      recording = openRecording(file);
    } catch (error) {
      this.options.observer.onSourceError(file, error instanceof Error ? error : new Error(String(error)));
      return;
    }
    try {
      const source = recordingSourceKey(recording.identity);
      const resumeAfter = this.options.checkpointOf(source)?.recordId ?? 0;
      let records: EventRecord[] = [];
      let lastRecordId = resumeAfter;
      let total = 0;
      for (const record of recording.records()) {
        if (record.recordId <= resumeAfter) continue;
        records.push(record);
        lastRecordId = Math.max(lastRecordId, record.recordId);
        total += 1;
        if (records.length >= this.options.batchSize) {
          yield { source, logInstanceId: recording.identity, label: file, records, lastRecordId };
          records = [];
          if (signal.aborted) return;
        }
      }
      if (records.length > 0) yield { source, logInstanceId: recording.identity, label: file, records, lastRecordId };
      const damage = recording.damage();
      if (damage.damagedChunks > 0 || damage.recordErrors > 0) this.options.observer.onDamage(file, damage);
      this.options.observer.onSourceDone(source, file, total);
    } finally {
      recording.close();
    }
  }

  private listFiles(): string[] {
    return listRecordingFiles(this.options.paths);
  }
}

/** The .evtx files named by a list of files and folders, folders sorted by name. */
export function listRecordingFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        if (name.toLowerCase().endsWith('.evtx')) files.push(path.join(p, name));
      }
    } else {
      files.push(p);
    }
  }
  return files;
}

function fileStamp(file: string): string | null {
  try {
    const s = fs.statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}

/** A file still being copied into a watched folder is read only once its size stops changing. */
async function sizeIsSettled(file: string, stamp: string, signal: AbortSignal): Promise<boolean> {
  await sleep(250, signal);
  return fileStamp(file) === stamp;
}
