/**
 * One installer: the reconcile loop over ports, plus what it tells the outside
 * (R-INS-1, R-MON-3): the monitor learns the Sysmon state (with our install's event 4
 * "Started" record for MANAGED), the caller gets the InstallerStatus for the
 * supervisor. Rounds never overlap; a trigger during a round runs one more after it.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { InstallerStatus, SysmonState as ReportedState } from '@sysward/agent-runtime';
import type { PlatformPorts } from '@sysward/platform';
import type { Decision } from '../model/decision';
import type { DesiredState } from '../model/desired-state';
import type { Policy } from '../model/policy';
import { converge, type RoundReport } from '../journal/reconciler';
import type { InstallerStore } from '../journal/installer-store';
import { toInstallerStatus } from '../status/installer-status';
import { PortActionExecutor } from './port-executor';
import { PortHostObserver } from './port-observer';
import type { MonitorLink } from './monitor-link';
import { findStartedRecord, type ChannelEnd } from './started-record';

export interface InstallerServiceOptions {
  readonly ports: PlatformPorts;
  readonly store: InstallerStore;
  readonly releases: DesiredState['releases'];
  readonly configXml: string;
  readonly policy: Policy;
  readonly monitor: MonitorLink;
  readonly onStatus?: (status: InstallerStatus, decision: Decision) => void;
  /**
   * Where our install's Started record is kept across restarts (R-MON-3), tied to the
   * ownership marker it belongs to; without it a restarted installer would send 0.
   */
  readonly managedSinceFile?: string;
}

interface ManagedSince {
  readonly recordId: number;
  readonly logIdentity: string;
  readonly markerId: string;
}

export class InstallerService {
  private readonly observer: PortHostObserver;
  private readonly executor: PortActionExecutor;
  private desired: DesiredState;
  private running: Promise<void> | null = null;
  private again = false;
  /** Where the channel ended before our last install; cleared once its Started record is found. */
  private installedAfter: ChannelEnd | null | undefined = undefined;
  private managedSince: ManagedSince | null = null;
  private lastNotice = '';
  lastDecision: Decision | null = null;

  constructor(private readonly options: InstallerServiceOptions) {
    const configBytes = Buffer.from(options.configXml, 'utf8');
    this.desired = {
      releases: options.releases,
      config: { sha256: createHash('sha256').update(configBytes).digest('hex'), schemaVersion: schemaOf(options.configXml) },
    };
    this.managedSince = readManagedSince(options.managedSinceFile);
    this.observer = new PortHostObserver(options.ports);
    this.executor = new PortActionExecutor({
      ports: options.ports,
      observer: this.observer,
      monitor: options.monitor,
      configXml: configBytes,
      onInstalled: (before) => {
        this.installedAfter = before;
        this.managedSince = null;
      },
    });
  }

  setReleases(releases: DesiredState['releases']): void {
    this.desired = { ...this.desired, releases };
  }

  /** Runs rounds until the host needs nothing; concurrent calls join (and re-run once). */
  reconcile(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.rounds();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Resolves when no round is running (a stop waits for the current one). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  private async rounds(): Promise<RoundReport[]> {
    const { ports, store, policy } = this.options;
    const reports = await converge({ store, observer: this.observer, executor: this.executor, desired: this.desired, policy, now: () => ports.clock.now() });
    const decision = reports[reports.length - 1].decision;
    this.lastDecision = decision;
    const status = toInstallerStatus(decision, store.history());
    await this.tellMonitor(status);
    this.options.onStatus?.(status, decision);
    return reports;
  }

  private async tellMonitor(status: InstallerStatus): Promise<void> {
    let state: ReportedState = status.sysmonState;
    if (state === 'managed' && this.installedAfter !== undefined) {
      // R-MON-3: MANAGED only once our own "Started" is in the channel; until then the install is in progress.
      const started = await findStartedRecord(this.options.ports.channels, this.installedAfter).catch(() => null);
      const markerId = this.options.store.history().ownership?.markerId;
      if (started && markerId) {
        this.managedSince = { recordId: started.recordId, logIdentity: started.logIdentity, markerId };
        this.installedAfter = undefined;
        this.saveManagedSince();
      } else {
        state = 'not_installed';
      }
    }
    // A record kept for another install (ours was replaced meanwhile) says nothing.
    if (this.managedSince && this.managedSince.markerId !== this.options.store.history().ownership?.markerId) this.managedSince = null;
    const notice = {
      state,
      managedSinceRecordId: state === 'managed' ? this.managedSince?.recordId ?? 0 : 0,
      logInstanceId: state === 'managed' ? this.managedSince?.logIdentity ?? '' : '',
      reason: status.sysmonStateReason,
    };
    const key = JSON.stringify(notice);
    if (key === this.lastNotice) return;
    try {
      await this.options.monitor.setState(notice);
      this.lastNotice = key;
    } catch {
      // The monitor may not be up yet; the next round tells it again.
    }
  }

  private saveManagedSince(): void {
    const file = this.options.managedSinceFile;
    if (!file || !this.managedSince) return;
    // Written aside and renamed, so a crash never leaves half a file.
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(this.managedSince));
    fs.renameSync(`${file}.tmp`, file);
  }

  /** The id and log of our install's event 4 "Started", once seen. */
  get managedSinceRecord(): ManagedSince | null {
    return this.managedSince;
  }

  get pendingStartedRecord(): boolean {
    return this.installedAfter !== undefined;
  }

  /** For an awaiting MANAGED state: look again for the Started record (the host writes it a moment later). */
  async refreshMonitor(): Promise<void> {
    if (!this.lastDecision) return;
    await this.tellMonitor(toInstallerStatus(this.lastDecision, this.options.store.history()));
  }
}

function readManagedSince(file: string | undefined): ManagedSince | null {
  if (!file) return null;
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ManagedSince>;
    return Number.isSafeInteger(parsed.recordId) && typeof parsed.logIdentity === 'string' && typeof parsed.markerId === 'string'
      ? { recordId: parsed.recordId!, logIdentity: parsed.logIdentity, markerId: parsed.markerId }
      : null;
  } catch {
    return null; // missing or unreadable: as if never seen
  }
}

function schemaOf(xml: string): string {
  return /schemaversion\s*=\s*["']([0-9.]+)["']/i.exec(xml)?.[1] ?? '0';
}
