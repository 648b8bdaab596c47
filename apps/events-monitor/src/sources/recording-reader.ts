import { fileIdentity, openEvtxFile, type EventRecord } from '@sysward/evtx';

/** The only place that knows the .evtx library's API; the rest of the monitor sees this. */
export interface Recording {
  /** Stable identity of the recording, used as its log-instance id. */
  identity: string;
  records(): Iterable<EventRecord>;
  damage(): { damagedChunks: number; recordErrors: number; messages: string[] };
  close(): void;
}

/** Opens a recording; throws NotEvtxError (with the file named) when it is not .evtx at all. */
export function openRecording(file: string): Recording {
  const reader = openEvtxFile(file);
  let identity: string;
  try {
    identity = fileIdentity(file);
  } catch (error) {
    reader.close();
    throw error;
  }
  return {
    identity,
    records: () => reader.records(),
    damage: () => {
      const { damagedChunks, recordErrors } = reader.stats;
      return {
        damagedChunks: damagedChunks.length,
        recordErrors: recordErrors.count,
        messages: [
          ...damagedChunks.map((c) => `chunk ${c.index} at 0x${c.fileOffset.toString(16)}: ${c.reason}`),
          ...recordErrors.first.map((e) => `record ${e.recordId ?? '?'} at 0x${e.fileOffset.toString(16)}: ${e.message}`),
        ],
      };
    },
    close: () => reader.close(),
  };
}
