import type { EventRecord } from '@sysward/evtx';
import * as evtx from '@sysward/evtx';

/** The only place that knows the .evtx library's API; the rest of the monitor sees this. */
export interface Recording {
  /** Stable identity of the recording, used as its log-instance id. */
  identity: string;
  records(): Iterable<EventRecord>;
  damage(): { damagedChunks: number; recordErrors: number; messages: string[] };
  close(): void;
}

export function openRecording(file: string): Recording {
  // Bound to the reader's API once libs/evtx lands (see its README).
  void evtx;
  throw new Error(`cannot read ${file}: the .evtx reader is not wired yet`);
}
