/**
 * R-MON-3: the monitor accepts managed-Sysmon records from our own install's event 4
 * "Started" on. After an install, read the channel from where it ended before the
 * install and find that record.
 */
import { SYSMON_OPERATIONAL_CHANNEL, isPlatformError, type EventChannelPort, type SubscribeFrom } from '@sysward/platform';

const STARTED = /<Data Name=['"]State['"]>\s*Started\s*<\/Data>/;
const SERVICE_STATE_CHANGED = 4;

/** Where the channel ended at some moment: its newest record id and log identity. */
export interface ChannelEnd {
  readonly id: number;
  readonly identity: string;
}

export async function findStartedRecord(
  channels: EventChannelPort,
  before: ChannelEnd | null,
): Promise<{ recordId: number; logIdentity: string } | null> {
  const from: SubscribeFrom = before ? { kind: 'after-record', recordId: before.id } : { kind: 'oldest' };
  let sub;
  try {
    sub = await channels.subscribe(SYSMON_OPERATIONAL_CHANNEL, from);
  } catch (e) {
    // The log was cleared or rebuilt between our look and the install: read it all.
    if (!isPlatformError(e) || e.code !== 'BOOKMARK_NOT_FOUND') throw e;
    sub = await channels.subscribe(SYSMON_OPERATIONAL_CHANNEL, { kind: 'oldest' });
  }
  try {
    for (;;) {
      const records = await sub.next({ max: 500, timeoutMs: 0 });
      if (records.length === 0) return null;
      const hit = records.find((r) => r.eventId === SERVICE_STATE_CHANGED && STARTED.test(r.xml));
      if (hit) return { recordId: hit.recordId, logIdentity: sub.logIdentity };
    }
  } finally {
    await sub.close();
  }
}
