/**
 * Boots, clean shutdowns and crashes, with the System-channel records each
 * leaves (12/6005/6009 at boot; 1074/6006/13 at a clean shutdown; after a
 * crash, at the next boot, 41, 6008 and, for a bugcheck, 1001). A crash stops
 * every process without a goodbye and loses what Sysmon had not written yet.
 */
import { PlatformError } from '@sysward/platform';
import type { SimStore } from '../db/sim-store';
import type { SysmonRuntime } from '../sysmon/sysmon-runtime';
import type { EventLogService } from './eventlog-service';
import type { Scm } from './scm';
import type { OsTables } from './sim-os-info';
import type { SimClock } from './sim-clock';
import {
  bugcheck1001,
  eventLogStarted,
  eventLogStopped,
  kernelPower41,
  osShuttingDown,
  osStarted,
  osVersionAtBoot,
  restartInitiated,
  unexpectedShutdown,
} from './system-events';

/** How long a simulated restart takes on the host clock, so records of two boots never share a timestamp. */
export const BOOT_DURATION_MS = 45_000;

export interface BootRow {
  id: number;
  started_ms: number;
  ended_ms: number | null;
  end_kind: 'clean' | 'bugcheck' | 'power-loss' | null;
  bugcheck_code: number | null;
}

export class Power {
  constructor(
    private readonly store: SimStore,
    private readonly clock: SimClock,
    private readonly scm: Scm,
    private readonly eventLog: EventLogService,
    private readonly sysmon: SysmonRuntime,
    private readonly os: OsTables,
  ) {}

  boots(): BootRow[] {
    return this.store.db.prepare('SELECT id, started_ms, ended_ms, end_kind, bugcheck_code FROM boots ORDER BY id').all() as BootRow[];
  }

  /** Power loss (bugcheckCode 0) or a bugcheck: the host stays down until reboot(). */
  crash(bugcheckCode: number): void {
    if (!Number.isInteger(bugcheckCode) || bugcheckCode < 0 || bugcheckCode > 0xffffffff) {
      throw new PlatformError('INVALID_ARGUMENT', `bugcheck code must be an integer in 0..0xFFFFFFFF, got ${bugcheckCode}`);
    }
    this.store.write(() => {
      this.store.requirePower();
      const now = this.clock.now();
      this.store.db
        .prepare('UPDATE boots SET ended_ms = ?, end_kind = ?, bugcheck_code = ? WHERE ended_ms IS NULL')
        .run(now, bugcheckCode === 0 ? 'power-loss' : 'bugcheck', bugcheckCode);
      this.scm.powerLoss();
      this.sysmon.dropQueue();
      this.store.setMeta('power', 'off');
    });
  }

  /** A running host shuts down cleanly first; a crashed one just boots. */
  reboot(): void {
    this.store.write(() => {
      if (this.store.power() === 'on') this.shutdown();
      this.boot();
    });
  }

  /** The first boot of a new host (no previous session to account for). */
  firstBoot(): void {
    this.store.write(() => this.boot());
  }

  private shutdown(): void {
    const now = this.clock.now();
    this.eventLog.write('System', restartInitiated('C:\\Windows\\system32\\shutdown.exe', 'Other (Planned)', this.os.hostName()), now);
    this.scm.shutdownAll();
    this.sysmon.pump(Number.MAX_SAFE_INTEGER);
    this.eventLog.write('System', eventLogStopped(), now);
    this.eventLog.write('System', osShuttingDown(now), now);
    this.store.db.prepare("UPDATE boots SET ended_ms = ?, end_kind = 'clean' WHERE ended_ms IS NULL").run(now);
    this.store.setMeta('power', 'off');
  }

  private boot(): void {
    const previous = this.boots().pop() ?? null;
    if (previous) this.clock.advance(BOOT_DURATION_MS);
    const now = this.clock.now();
    this.store.db.prepare('INSERT INTO boots (started_ms) VALUES (?)').run(now);
    this.store.setMeta('power', 'on');
    const unclean = previous !== null && previous.end_kind !== 'clean';
    const code = previous?.bugcheck_code ?? 0;
    const os = this.os.read();
    this.eventLog.write('System', osStarted(now), now);
    if (unclean) this.eventLog.write('System', kernelPower41(code), now);
    this.eventLog.write('System', eventLogStarted(), now + 1);
    this.eventLog.write('System', osVersionAtBoot(`${os.major}.${os.minor}.`, String(os.build)), now + 1);
    if (unclean) this.eventLog.write('System', unexpectedShutdown(previous!.ended_ms ?? now), now + 1);
    if (unclean && code !== 0) this.eventLog.write('System', bugcheck1001(code), now + 2);
    this.scm.boot();
    this.sysmon.forgetVanished();
  }
}
