import { SYSTEM_TIMERS, type ComponentReport, type InstallerStatus, type Logger, type Timers } from '@sysward/agent-runtime';
import type { ComponentStatusView, ProcessState } from '@sysward/ipc';
import type { ComponentSpec, RestartPolicy } from './config';
import { describeExit, type ComponentRunner, type ExitInfo, type RunningComponent } from './component-runner';
import { componentHealth } from './health-aggregation';
import { crashesInWindow, decideAfterCrash } from './restart-decision';

/** Asks a component to stop gracefully over its control API; false when it could not be asked. */
export type StopRequester = (component: string) => Promise<boolean>;

export interface SupervisedComponentOptions {
  spec: ComponentSpec;
  home: string;
  runner: ComponentRunner;
  policy: RestartPolicy;
  requestStop: StopRequester;
  logger: Logger;
  onChange: () => void;
  timers?: Timers;
  random?: () => number;
}

/**
 * One component under supervision (R-SUP-1): runs its process, restarts it
 * with backoff when it exits unasked, gives up (degraded) when it keeps
 * crashing, and keeps what it last reported about itself.
 */
export class SupervisedComponent {
  readonly name: string;
  private processState: ProcessState = 'pending';
  private process: RunningComponent | undefined;
  /** The process we asked to exit; its exit is not a crash. */
  private expectedExit: RunningComponent | undefined;
  private startedAtMs = 0;
  private restarts = 0;
  private crashTimes: number[] = [];
  private lastError = '';
  private lastErrorAtMs = 0;
  private degradedReason = '';
  private nextRestartAtMs = 0;
  /** The current process's latest report; cleared when the process changes. */
  private report: ComponentReport | undefined;
  /** The latest report of any process: counters and Sysmon state outlive a crash. */
  private lastKnownReport: ComponentReport | undefined;
  private timer: unknown;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly log: Logger;

  constructor(private readonly options: SupervisedComponentOptions) {
    this.name = options.spec.name;
    this.timers = options.timers ?? SYSTEM_TIMERS;
    this.random = options.random ?? Math.random;
    this.log = options.logger.child({ supervised: this.name });
  }

  get pid(): number {
    return this.process?.pid ?? 0;
  }

  get currentProcessState(): ProcessState {
    return this.processState;
  }

  /** Start the process unless it is already running or waiting to restart. */
  start(): void {
    if (this.process !== undefined || this.processState === 'backoff') return;
    this.spawn();
  }

  /** Stop for good (until start/restart): graceful request, then terminate, then kill. */
  async stop(): Promise<void> {
    this.clearTimer();
    const process = this.process;
    if (process === undefined) {
      this.enter('stopped');
      return;
    }
    await this.stopProcess(process);
    this.enter('stopped');
  }

  /** Restart now, whatever the state; clears degraded and the crash history. */
  async restart(reason: string): Promise<void> {
    this.log.info({ reason }, 'restart requested');
    this.clearTimer();
    this.crashTimes = [];
    this.degradedReason = '';
    const process = this.process;
    if (process !== undefined) await this.stopProcess(process);
    this.restarts++;
    this.spawn();
  }

  /** Take a report if it comes from the current process; a late one from a dead process is ignored. */
  acceptReport(report: ComponentReport): boolean {
    if (this.process === undefined || report.pid !== this.process.pid) return false;
    this.report = report;
    this.lastKnownReport = report;
    this.options.onChange();
    return true;
  }

  installerStatus(): InstallerStatus | undefined {
    return this.lastKnownReport?.installer;
  }

  view(nowMs: number): ComponentStatusView {
    const report = this.report;
    const known = this.lastKnownReport;
    const running = this.processState === 'running';
    const reportedErrorIsNewer = known !== undefined && known.lastErrorAtMs > this.lastErrorAtMs;
    const state = running ? (report?.state ?? 'starting') : 'stopped';
    const view: ComponentStatusView = {
      name: this.name,
      version: known?.version ?? '',
      pid: this.pid,
      state,
      stateReason: this.processState === 'degraded' ? this.degradedReason : running ? (report?.stateReason ?? '') : '',
      processState: this.processState,
      health: componentHealth({ processState: this.processState, reported: report !== undefined, state }),
      startedAtMs: running ? this.startedAtMs : 0,
      uptimeMs: running ? Math.max(0, nowMs - this.startedAtMs) : 0,
      restarts: this.restarts,
      lastError: reportedErrorIsNewer ? known.lastError : this.lastError,
      lastErrorAtMs: reportedErrorIsNewer ? known.lastErrorAtMs : this.lastErrorAtMs,
      nextRestartAtMs: this.processState === 'backoff' ? this.nextRestartAtMs : 0,
      reported: report !== undefined,
    };
    if (known?.monitor) {
      const updated = known.monitor.checkpointUpdatedAtMs;
      view.monitor = { ...known.monitor, checkpointAgeMs: updated > 0 ? Math.max(0, nowMs - updated) : 0 };
    }
    if (known?.installer) view.installer = { ...known.installer, lastRepairs: [...known.installer.lastRepairs] };
    return view;
  }

  private spawn(): void {
    this.nextRestartAtMs = 0;
    this.report = undefined;
    let process: RunningComponent;
    try {
      process = this.options.runner.start(this.options.spec, { home: this.options.home });
    } catch (error) {
      // A runner that cannot run anything (an unsupported platform) is a crash like any other.
      this.onExit(undefined, { code: null, signal: null, spawnError: (error as Error).message, stderrTail: '' });
      return;
    }
    this.process = process;
    this.startedAtMs = this.timers.now();
    this.log.info({ childPid: process.pid }, 'component started');
    this.enter('running');
    void process.exited.then((exit) => this.onExit(process, exit));
  }

  private onExit(process: RunningComponent | undefined, exit: ExitInfo): void {
    if (process !== undefined) {
      if (process !== this.process) return;
      this.process = undefined;
      this.report = undefined;
      if (process === this.expectedExit) {
        this.expectedExit = undefined;
        this.log.info({ childPid: process.pid, code: exit.code, signal: exit.signal }, 'component stopped');
        return;
      }
    }
    const now = this.timers.now();
    this.crashTimes = crashesInWindow([...this.crashTimes, now], now, this.options.policy.crashLoop.windowMs);
    this.lastError = describeExit(exit);
    this.lastErrorAtMs = now;
    const decision = decideAfterCrash(this.crashTimes, now, this.options.policy, this.random());
    const details = { childPid: process?.pid, code: exit.code, signal: exit.signal, error: this.lastError, crashesInWindow: decision.crashesInWindow };
    if (decision.kind === 'degrade') {
      this.degradedReason = decision.reason;
      this.log.error(details, `component degraded: ${decision.reason}`);
      this.enter('degraded');
      const retry = this.options.policy.degradedRetryMs;
      if (retry > 0) this.timer = this.timers.setTimeout(() => this.retryDegraded(), retry);
      return;
    }
    // The first crash of a streak is news; the ones after it are the same story.
    if (decision.crashesInWindow === 1) this.log.warn(details, 'component exited unexpectedly; restarting');
    else this.log.debug(details, 'component exited unexpectedly again; restarting');
    this.nextRestartAtMs = now + decision.delayMs;
    this.enter('backoff');
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.restarts++;
      this.spawn();
    }, decision.delayMs);
  }

  private retryDegraded(): void {
    this.timer = undefined;
    this.crashTimes = [];
    this.degradedReason = '';
    this.restarts++;
    this.log.info('retrying degraded component');
    this.spawn();
  }

  private async stopProcess(process: RunningComponent): Promise<void> {
    this.expectedExit = process;
    const grace = this.options.policy.stopGraceMs;
    const asked = await this.options.requestStop(this.name).catch(() => false);
    if (!asked) process.terminate();
    if (!(await exitsWithin(process, grace, this.timers))) {
      this.log.warn({ childPid: process.pid, graceMs: grace }, 'component did not stop in time; killing it');
      process.kill();
      await process.exited;
    }
  }

  private enter(state: ProcessState): void {
    this.processState = state;
    this.options.onChange();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function exitsWithin(process: RunningComponent, ms: number, timers: Timers): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = timers.setTimeout(() => resolve(false), ms);
    void process.exited.then(() => {
      timers.clearTimeout(timer);
      resolve(true);
    });
  });
}
