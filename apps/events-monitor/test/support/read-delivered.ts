import * as fs from 'node:fs';
import { listNdjsonFiles } from '../../src/sinks/ndjson-file-sink';

export interface DeliveredEvent {
  logInstanceId: string;
  recordId: number;
  eventId: number;
  line: Record<string, unknown>;
}

/** Every event line of an NDJSON sink folder; throws on a line that is not valid JSON. */
export function readDeliveredEvents(dir: string): DeliveredEvent[] {
  const events: DeliveredEvent[] = [];
  for (const file of listNdjsonFiles(dir)) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, i) => {
      if (text === '') return;
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text);
      } catch {
        throw new Error(`${file}:${i + 1} is not valid JSON: ${text.slice(0, 120)}`);
      }
      const event = line.event as Record<string, unknown> | undefined;
      if (!event) return;
      events.push({
        logInstanceId: String(event.logInstanceId),
        recordId: Number(event.recordId),
        eventId: Number(event.eventId),
        line,
      });
    });
  }
  return events;
}
