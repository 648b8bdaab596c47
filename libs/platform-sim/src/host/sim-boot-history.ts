import { deriveBootSessions, type BootHistoryPort, type BootSession, type SystemEventSummary } from '@sysward/platform';
import type { SimStore } from '../db/sim-store';

const BOOT_EVENT_IDS = [12, 13, 41, 1001, 6005, 6006, 6008];

/** Boot history read from the System channel the way an adapter on Windows would, through the shared rules. */
export class SimBootHistory implements BootHistoryPort {
  constructor(private readonly store: SimStore) {}

  async sessions(): Promise<BootSession[]> {
    const rows = this.store.read(() => {
      this.store.requirePower();
      return this.store.db
        .prepare(`SELECT record_id, event_id, provider, time_ms, data FROM channel_records WHERE channel_key = 'system' AND event_id IN (${BOOT_EVENT_IDS.join(',')}) ORDER BY record_id`)
        .all() as { record_id: number; event_id: number; provider: string; time_ms: number; data: string }[];
    });
    const summaries: SystemEventSummary[] = rows.map((r) => ({
      recordId: r.record_id,
      eventId: r.event_id,
      provider: r.provider,
      timeMs: r.time_ms,
      data: JSON.parse(r.data) as Record<string, string>,
    }));
    return deriveBootSessions(summaries);
  }

  async currentBoot(): Promise<BootSession | null> {
    const sessions = await this.sessions();
    return sessions[sessions.length - 1] ?? null;
  }
}
