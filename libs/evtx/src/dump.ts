import type { EventRecord } from './event-record';
import type { EvtxStats } from './reader/stats';

/**
 * One JSON object per record for `sysward evtx dump` (keys in this order):
 * record_id, time_created, provider {name, guid}, channel, event_id, version,
 * computer, process_id, thread_id, user_sid, event_data, recovered, partial,
 * and errors only when there are any.
 */
export function dumpRecordJson(rec: EventRecord): string {
  const out: Record<string, unknown> = {
    record_id: rec.recordId,
    time_created: rec.timeCreated,
    provider: { name: rec.provider.name, guid: rec.provider.guid },
    channel: rec.channel,
    event_id: rec.eventId,
    version: rec.version,
    computer: rec.computer,
    process_id: rec.processId,
    thread_id: rec.threadId,
    user_sid: rec.userSid,
    event_data: rec.eventData,
    recovered: rec.flags.recovered,
    partial: rec.flags.partial,
  };
  if (rec.flags.errors.length > 0) out.errors = rec.flags.errors;
  return JSON.stringify(out);
}

/** The stderr summary line: "FILE: records N, recovered N, damaged chunks N, record errors N". */
export function summaryLine(stats: EvtxStats): string {
  return (
    `${stats.file}: records ${stats.recordsYielded}, recovered ${stats.recordsRecovered}, ` +
    `damaged chunks ${stats.damagedChunks.length}, record errors ${stats.recordErrors.count}`
  );
}
