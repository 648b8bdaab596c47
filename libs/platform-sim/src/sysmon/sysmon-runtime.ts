/**
 * The simulated Sysmon while it runs: which installs exist (the kernel's view:
 * service + driver at altitude 385201), whether one is live (service and
 * driver running), and its queue of events to write. Activities captured while
 * it is live, its service state changes (4) and configuration changes (16) are
 * queued in the same transaction as the change; the host process drains the
 * queue into Microsoft-Windows-Sysmon/Operational in order. A crash loses what
 * is still queued, as Sysmon's in-memory buffers would be.
 */
import { SYSMON_OPERATIONAL_CHANNEL, serviceImageFile, type ServiceInfo } from '@sysward/platform';
import type { SimStore } from '../db/sim-store';
import type { EventLogService } from '../host/eventlog-service';
import type { FileTables } from '../host/file-tables';
import type { Scm, ScmObserver } from '../host/scm';
import { decodeSimBinary } from '../host/sim-binary';
import { SYSMON_EVENT_ID, type ActivityKind } from '../activities/activity';
import { sysmonEventData, sysmonEventSpec } from './sysmon-events';
import { sysmonMaxSchema } from './sysmon-versions';

export interface SysmonInstance {
  service: string;
  driver: string;
  version: string;
  kind: 'sysinternals' | 'inbox';
  installedMs: number;
}

type QueueItem =
  | { type: 'activity'; activityId: number; pid: number }
  | { type: 'state'; state: 'Started' | 'Stopped'; version: string; schema: string; pid: number }
  | { type: 'config'; configuration: string; hash: string; pid: number };

/** Sysmon's channel is 64 MiB by default. */
export const SYSMON_CHANNEL_BYTES = 64 * 1024 * 1024;

export class SysmonRuntime implements ScmObserver {
  constructor(
    private readonly store: SimStore,
    private readonly scm: Scm,
    private readonly files: FileTables,
    private readonly eventLog: EventLogService,
    private readonly now: () => number,
  ) {}

  private get db() {
    return this.store.db;
  }

  instances(): SysmonInstance[] {
    const rows = this.db.prepare('SELECT service, driver, version, kind, installed_ms FROM sysmon_instances ORDER BY service_key').all() as {
      service: string;
      driver: string;
      version: string;
      kind: SysmonInstance['kind'];
      installed_ms: number;
    }[];
    return rows.map((r) => ({ service: r.service, driver: r.driver, version: r.version, kind: r.kind, installedMs: r.installed_ms }));
  }

  instance(service: string): SysmonInstance | null {
    return this.instances().find((i) => i.service.toLowerCase() === service.toLowerCase()) ?? null;
  }

  addInstance(instance: SysmonInstance): void {
    this.db
      .prepare('INSERT OR REPLACE INTO sysmon_instances (service_key, service, driver, version, kind, installed_ms) VALUES (?, ?, ?, ?, ?, ?)')
      .run(instance.service.toLowerCase(), instance.service, instance.driver, instance.version, instance.kind, instance.installedMs);
  }

  removeInstance(service: string): void {
    this.db.prepare('DELETE FROM sysmon_instances WHERE service_key = ?').run(service.toLowerCase());
  }

  /** After a boot: installs whose service and driver are both gone (keys deleted, BUG-20's last resort) are gone for the kernel too. */
  forgetVanished(): void {
    for (const instance of this.instances()) {
      if (!this.scm.query(instance.service) && !this.scm.query(instance.driver)) this.removeInstance(instance.service);
    }
  }

  /** The install that captures activities now: its service and its driver both running. */
  live(): { instance: SysmonInstance; pid: number } | null {
    for (const instance of this.instances()) {
      const service = this.scm.query(instance.service);
      const driver = this.scm.query(instance.driver);
      if (service?.state === 'running' && driver?.state === 'running' && service.pid !== null) return { instance, pid: service.pid };
    }
    return null;
  }

  /** The version the service's image says it is (a replaced binary says something else than the install did). */
  runningVersion(instance: SysmonInstance): string {
    const service = this.scm.query(instance.service);
    const file = service ? this.files.get(serviceImageFile(service.imagePath, service.kind)) : null;
    return (file && decodeSimBinary(file.content)?.versionInfo.fileVersion) || instance.version;
  }

  started(service: ServiceInfo): void {
    const instance = this.instance(service.name);
    if (!instance || service.pid === null) return;
    const version = this.runningVersion(instance);
    this.enqueue({ type: 'state', state: 'Started', version, schema: sysmonMaxSchema(version), pid: service.pid });
  }

  stopped(service: ServiceInfo, graceful: boolean): void {
    const instance = this.instance(service.name);
    if (!instance || !graceful || service.pid === null) return;
    const version = this.runningVersion(instance);
    this.enqueue({ type: 'state', state: 'Stopped', version, schema: sysmonMaxSchema(version), pid: service.pid });
  }

  queueConfigChange(instance: SysmonInstance, configuration: string, hash: string): void {
    const service = this.scm.query(instance.service);
    if (service?.state !== 'running' || service.pid === null) return;
    this.enqueue({ type: 'config', configuration, hash, pid: service.pid });
  }

  /** Queues the activity when a live Sysmon sees it; returns that Sysmon's service name. */
  captureActivity(activityId: number): string | null {
    const live = this.live();
    if (!live) return null;
    this.enqueue({ type: 'activity', activityId, pid: live.pid });
    return live.instance.service;
  }

  /** Writes up to `max` queued events into the Sysmon channel; returns how many were taken off the queue. */
  pump(max: number): number {
    const rows = this.db.prepare('SELECT seq, payload, queued_ms FROM sysmon_queue ORDER BY seq LIMIT ?').all(max) as { seq: number; payload: string; queued_ms: number }[];
    for (const row of rows) {
      const item = JSON.parse(row.payload) as QueueItem;
      const event = this.render(item, row.queued_ms);
      if (!event || this.eventLog.write(SYSMON_OPERATIONAL_CHANNEL, event.spec, event.timeMs) === null) this.store.bump('counter.sysmon_events_dropped');
    }
    if (rows.length > 0) this.db.prepare('DELETE FROM sysmon_queue WHERE seq <= ?').run(rows[rows.length - 1].seq);
    return rows.length;
  }

  pending(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM sysmon_queue').get() as { n: number }).n;
  }

  /** The host went down: what Sysmon had not written yet is gone. */
  dropQueue(): number {
    const dropped = this.db.prepare('DELETE FROM sysmon_queue').run().changes;
    if (dropped > 0) this.store.bump('counter.sysmon_events_lost_in_crash', dropped);
    return dropped;
  }

  private render(item: QueueItem, queuedMs: number): { spec: ReturnType<typeof sysmonEventSpec>; timeMs: number } | null {
    switch (item.type) {
      case 'activity': {
        const row = this.db.prepare('SELECT kind, time_ms, fields FROM activities WHERE id = ?').get(item.activityId) as
          | { kind: ActivityKind; time_ms: number; fields: string }
          | undefined;
        if (!row) return null;
        const eventId = SYSMON_EVENT_ID[row.kind];
        const items = sysmonEventData(eventId, JSON.parse(row.fields) as Record<string, string>, `activity-${item.activityId}`, row.time_ms);
        return { spec: sysmonEventSpec(eventId, items, item.pid), timeMs: row.time_ms };
      }
      case 'state': {
        const items = sysmonEventData(4, { State: item.state, Version: item.version, SchemaVersion: item.schema }, `state-${queuedMs}`, queuedMs);
        return { spec: sysmonEventSpec(4, items, item.pid), timeMs: queuedMs };
      }
      case 'config': {
        const items = sysmonEventData(16, { Configuration: item.configuration, ConfigurationFileHash: item.hash }, `config-${queuedMs}`, queuedMs);
        return { spec: sysmonEventSpec(16, items, item.pid), timeMs: queuedMs };
      }
    }
  }

  private enqueue(item: QueueItem): void {
    this.db.prepare('INSERT INTO sysmon_queue (kind, payload, queued_ms) VALUES (?, ?, ?)').run(item.type, JSON.stringify(item), this.now());
  }

}
