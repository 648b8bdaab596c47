/**
 * A simulated Windows host: every port of @sysward/platform over one SQLite
 * file under <home>/sim/host.db that any number of processes open at once,
 * plus the controls tests and `sysward sim` use (activities, crash, reboot,
 * clock, releases, faults, tampering).
 */
import type Database from 'better-sqlite3';
import { PlatformError, type PlatformErrorCode, type PlatformPorts, type ProductType } from '@sysward/platform';
import { ActivityLog, type UserModeEvent } from './activities/activity-log';
import type { ActivityInput, RecordedActivity } from './activities/activity';
import { createSimDatabase, openSimDatabase, simDatabasePath } from './db/open-sim-db';
import { SimStore } from './db/sim-store';
import { ChannelTables, type ClearNumbering } from './host/channel-tables';
import { EventLogService } from './host/eventlog-service';
import { FileTables } from './host/file-tables';
import { setUpHost } from './host/host-setup';
import { Power } from './host/power';
import { RegistryTables } from './host/registry-tables';
import { Scm } from './host/scm';
import { SimBootHistory } from './host/sim-boot-history';
import { SimClock } from './host/sim-clock';
import { SimEventChannels } from './host/sim-event-channels';
import { SimFiles } from './host/sim-files';
import { OsTables, SimOsInfo } from './host/sim-os-info';
import { ReleaseTables, SimReleaseFeed } from './host/sim-release-feed';
import { SimRegistry } from './host/sim-registry';
import { SimServiceControl } from './host/sim-service-control';
import { DEFAULT_OS, resolveOsVersion } from './host/windows-releases';
import { SimSysmonCommand } from './sysmon/sim-sysmon-command';
import { SysmonRuntime } from './sysmon/sysmon-runtime';
import { SimTamper } from './sysmon/tamper';

export interface SimHostOptions {
  /** How often an idle waiter re-checks when file watching is unavailable. Default 250 ms. */
  fallbackPollMs?: number;
  /** The real clock the sim clock is offset from (tests). */
  realNow?: () => number;
}

export interface CreateSimHostOptions extends SimHostOptions {
  /** Replace an existing host file. */
  force?: boolean;
  /** An OS alias (win11, server2022, ...) or a build (10.0.22631[.UBR]). */
  os?: string;
  productType?: ProductType;
  hostName?: string;
  /** Start with the clock frozen at this instant. */
  frozenAtMs?: number;
}

export interface PumpResult {
  sysmonEvents: number;
  userModeActivities: number;
}

export class SimHost {
  readonly ports: PlatformPorts;
  readonly tamper: SimTamper;
  readonly clock: SimClock;
  /** Internals for tests and the show command; not a stable API. */
  readonly parts: {
    store: SimStore;
    registry: RegistryTables;
    files: FileTables;
    channels: ChannelTables;
    eventLog: EventLogService;
    scm: Scm;
    sysmon: SysmonRuntime;
    activities: ActivityLog;
    power: Power;
    os: OsTables;
    releases: ReleaseTables;
  };

  private constructor(
    readonly home: string,
    readonly file: string,
    db: Database.Database,
    options: SimHostOptions,
  ) {
    const store = new SimStore(db, file, options.fallbackPollMs);
    const clock = new SimClock(store, options.realNow);
    const now = () => clock.now();
    const registry = new RegistryTables(store);
    const files = new FileTables(store, now);
    const os = new OsTables(store, registry);
    const channels = new ChannelTables(store, now, () => os.hostName());
    const eventLog = new EventLogService(channels, files, now);
    const scm = new Scm(store, registry, files);
    const sysmon = new SysmonRuntime(store, scm, files, eventLog, now);
    scm.observe(sysmon);
    const activities = new ActivityLog(store, sysmon, now);
    const power = new Power(store, clock, scm, eventLog, sysmon, os);
    const releases = new ReleaseTables(store, now);
    const command = new SimSysmonCommand({ store, scm, registry, files, channels, runtime: sysmon, now });
    this.clock = clock;
    this.parts = { store, registry, files, channels, eventLog, scm, sysmon, activities, power, os, releases };
    this.tamper = new SimTamper({ store, scm, registry, files, os, runtime: sysmon, command });
    this.ports = {
      services: new SimServiceControl(store, scm),
      registry: new SimRegistry(store, registry),
      files: new SimFiles(store, files, (path) => scm.isImageInUse(path)),
      channels: new SimEventChannels(store, channels, eventLog),
      boots: new SimBootHistory(store),
      sysmon: command,
      os: new SimOsInfo(store, os),
      clock,
      releases: new SimReleaseFeed(store, releases),
    };
  }

  /** Opens the host under `home` (NOT_FOUND when `sysward sim init` has not run). */
  static open(home: string, options: SimHostOptions = {}): SimHost {
    const file = simDatabasePath(home);
    return new SimHost(home, file, openSimDatabase(file), options);
  }

  /** Creates a new host under `home`: baseline services and logs, first boot. */
  static create(home: string, options: CreateSimHostOptions = {}): SimHost {
    const os = resolveOsVersion(options.os ?? DEFAULT_OS, options.productType);
    const file = simDatabasePath(home);
    const host = new SimHost(home, file, createSimDatabase(file, options.force === true), options);
    const { store, files, channels, scm, power } = host.parts;
    store.write(() => {
      if (options.frozenAtMs !== undefined) store.setMeta('clock.frozen_ms', String(options.frozenAtMs));
      setUpHost({ os: host.parts.os, scm, files, channels }, os, options.hostName ?? 'SIMHOST');
      power.firstBoot();
    });
    return host;
  }

  recordActivity(input: ActivityInput): RecordedActivity {
    return this.parts.activities.record([input])[0];
  }

  recordActivities(inputs: readonly ActivityInput[]): RecordedActivity[] {
    return this.parts.activities.record(inputs);
  }

  /**
   * One step of the host process: Sysmon writes what it has queued, and the
   * user-mode view catches up. Returns how much was done (0 and 0 when idle).
   */
  pump(max = 1000): PumpResult {
    const { store, sysmon, activities } = this.parts;
    return store.write(() => {
      if (store.power() !== 'on') return { sysmonEvents: 0, userModeActivities: 0 };
      return { sysmonEvents: sysmon.pump(max), userModeActivities: activities.pumpUserMode(max) };
    });
  }

  /** Pumps until nothing is left (tests that do not run a host process). */
  pumpAll(): PumpResult {
    const total = { sysmonEvents: 0, userModeActivities: 0 };
    for (;;) {
      const step = this.pump();
      total.sysmonEvents += step.sysmonEvents;
      total.userModeActivities += step.userModeActivities;
      if (step.sysmonEvents === 0 && step.userModeActivities === 0) return total;
    }
  }

  /** Take before reading; waitForChange(token) then returns as soon as any process changed the host since. */
  changeToken(): string {
    return this.parts.store.changes.token();
  }

  waitForChange(token: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.parts.store.changes.wait(token, timeoutMs, signal);
  }

  /** The user-mode view (ui-realtime's source): activities after `afterSeq`, oldest first. */
  readUserMode(afterSeq: number, max: number): UserModeEvent[] {
    return this.parts.store.read(() => this.parts.activities.readUserMode(afterSeq, max));
  }

  crash(bugcheckCode = 0x3b): void {
    this.parts.power.crash(bugcheckCode);
  }

  reboot(): void {
    this.parts.power.reboot();
  }

  clearChannel(channel: string, options: { numbering?: ClearNumbering; backupPath?: string } = {}): void {
    const { store, eventLog } = this.parts;
    store.write(() => {
      store.requirePower();
      eventLog.clear(channel, options);
    });
  }

  setChannelMaxSize(channel: string, bytes: number): number {
    const { store, channels } = this.parts;
    return store.write(() => channels.setMaxSize(channel, bytes));
  }

  /** Writes an arbitrary event (as some provider would) into a channel, creating and registering it if needed. */
  writeEvent(channel: string, spec: Parameters<EventLogService['write']>[1], options: { createWithBytes?: number } = {}): number {
    const { store, channels, eventLog } = this.parts;
    return store.write(() => {
      store.requirePower();
      if (options.createWithBytes !== undefined) channels.ensure(channel, options.createWithBytes);
      const id = eventLog.write(channel, spec);
      if (id === null) throw new PlatformError('NOT_FOUND', `the channel ${channel} does not exist`);
      return id;
    });
  }

  publishRelease(version: string, options: { vulnerable?: boolean; releasedMs?: number } = {}) {
    const { store, releases } = this.parts;
    return store.write(() => releases.publish(version, { vulnerable: options.vulnerable === true, releasedMs: options.releasedMs }));
  }

  setOs(text: string, productType?: ProductType): void {
    const { store, os } = this.parts;
    const version = resolveOsVersion(text, productType);
    store.write(() => {
      store.requirePower();
      os.write(version);
    });
  }

  /** The next `times` calls of `op` fail with `code` (see docs/platform-sim.md for the operation names). */
  injectFault(op: string, code: PlatformErrorCode, times = 1): void {
    this.parts.store.write(() => {
      this.parts.store.db.prepare('INSERT INTO faults (op, code, remaining) VALUES (?, ?, ?) ON CONFLICT(op) DO UPDATE SET code = excluded.code, remaining = excluded.remaining').run(op, code, times);
    });
  }

  close(): void {
    this.parts.store.close();
  }
}
