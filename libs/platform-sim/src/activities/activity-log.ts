/**
 * Recording activities and the user-mode view of them. Recording happens in
 * one transaction with Sysmon's capture decision (was a Sysmon live at that
 * instant?), so a later stop or crash cannot change what was seen. The
 * user-mode view is filled by the host process, for every activity, whether
 * or not Sysmon runs (ui-realtime's source, R-UIR).
 */
import type { SimStore } from '../db/sim-store';
import type { SysmonRuntime } from '../sysmon/sysmon-runtime';
import { sysmonEventData } from '../sysmon/sysmon-events';
import { SYSMON_EVENT_ID, validateActivity, type ActivityInput, type ActivityKind, type RecordedActivity } from './activity';
import { userModeView } from './user-mode-view';

export interface UserModeEvent {
  seq: number;
  activityId: number;
  kind: ActivityKind;
  timeMs: number;
  fields: Record<string, string>;
}

export class ActivityLog {
  constructor(
    private readonly store: SimStore,
    private readonly sysmon: SysmonRuntime,
    private readonly now: () => number,
  ) {}

  record(inputs: readonly ActivityInput[]): RecordedActivity[] {
    for (const input of inputs) validateActivity(input);
    return this.store.write(() => {
      this.store.requirePower();
      return inputs.map((input) => {
        const timeMs = input.timeMs ?? this.now();
        const id = Number(
          this.store.db
            .prepare('INSERT INTO activities (kind, time_ms, fields, origin) VALUES (?, ?, ?, ?)')
            .run(input.kind, timeMs, JSON.stringify(input.fields ?? {}), input.origin ?? '').lastInsertRowid,
        );
        const seenBySysmon = this.sysmon.captureActivity(id);
        if (seenBySysmon) this.store.db.prepare('UPDATE activities SET seen_by_sysmon = ? WHERE id = ?').run(seenBySysmon, id);
        return { id, kind: input.kind, timeMs, seenBySysmon };
      });
    });
  }

  /** Copies up to `max` new activities into the user-mode view; returns how many activities it looked at. */
  pumpUserMode(max: number): number {
    const cursor = this.store.getNumber('usermode.cursor', 0);
    const rows = this.store.db.prepare('SELECT id, kind, time_ms, fields FROM activities WHERE id > ? ORDER BY id LIMIT ?').all(cursor, max) as {
      id: number;
      kind: ActivityKind;
      time_ms: number;
      fields: string;
    }[];
    for (const row of rows) {
      const rendered = Object.fromEntries(sysmonEventData(SYSMON_EVENT_ID[row.kind], JSON.parse(row.fields) as Record<string, string>, `activity-${row.id}`, row.time_ms));
      const view = userModeView(row.kind, rendered);
      if (!view) continue;
      this.store.db.prepare('INSERT OR IGNORE INTO usermode_events (activity_id, kind, time_ms, fields) VALUES (?, ?, ?, ?)').run(row.id, row.kind, row.time_ms, JSON.stringify(view));
    }
    if (rows.length > 0) this.store.setMeta('usermode.cursor', String(rows[rows.length - 1].id));
    return rows.length;
  }

  readUserMode(afterSeq: number, max: number): UserModeEvent[] {
    const rows = this.store.db.prepare('SELECT seq, activity_id, kind, time_ms, fields FROM usermode_events WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, max) as {
      seq: number;
      activity_id: number;
      kind: ActivityKind;
      time_ms: number;
      fields: string;
    }[];
    return rows.map((r) => ({ seq: r.seq, activityId: r.activity_id, kind: r.kind, timeMs: r.time_ms, fields: JSON.parse(r.fields) as Record<string, string> }));
  }

  pendingUserMode(): number {
    const cursor = this.store.getNumber('usermode.cursor', 0);
    return (this.store.db.prepare('SELECT count(*) AS n FROM activities WHERE id > ?').get(cursor) as { n: number }).n;
  }

  counts(): { total: number; seenBySysmon: number; userMode: number } {
    const row = this.store.db.prepare('SELECT count(*) AS total, count(seen_by_sysmon) AS seen FROM activities').get() as { total: number; seen: number };
    const userMode = (this.store.db.prepare('SELECT count(*) AS n FROM usermode_events').get() as { n: number }).n;
    return { total: row.total, seenBySysmon: row.seen, userMode };
  }
}
