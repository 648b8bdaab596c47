/**
 * The monitor's side of MonitorCoordination (control.proto; R-MON-3, R-INS-11).
 * Only types come from @sysward/ipc, so this module loads no gRPC: the server
 * that exposes it is mounted by supervision.ts.
 */
import type { ChangeVerified, ChannelContinuity, MonitorCoordinationHandlers, PreparedForChange, SysmonStateNotice } from '@sysward/ipc';
import type { ChannelInfo, EventChannelPort } from '@sysward/platform';
import type { AcceptanceGate } from '../acceptance/acceptance-gate';
import type { MonitorLog } from '../monitor';
import type { ChannelSource, ResumeOutcome } from '../sources/channel-source';
import type { ResumePlan } from '../sources/resume-plan';

export interface CoordinationLimits {
  /** How long Prepare waits for the reader to read and commit what the channel holds. */
  prepareTimeoutMs: number;
  /** How long Done waits for the reader to subscribe again. */
  doneTimeoutMs: number;
  /** A pause the installer never ends is ended by the monitor after this long: reading must not stop for good. */
  pauseLimitMs: number;
}

export const DEFAULT_COORDINATION_LIMITS: CoordinationLimits = { prepareTimeoutMs: 10_000, doneTimeoutMs: 15_000, pauseLimitMs: 10 * 60_000 };

export class MonitorCoordinator implements MonitorCoordinationHandlers {
  private pauseTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: ChannelSource,
    private readonly gate: AcceptanceGate,
    private readonly channels: EventChannelPort,
    private readonly log: MonitorLog,
    private readonly limits: CoordinationLimits = DEFAULT_COORDINATION_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async setSysmonState(notice: SysmonStateNotice): Promise<void> {
    // An unnamed log is the one the channel holds now; a channel that does not exist yet matches whatever log comes.
    const logInstanceId = notice.logInstanceId || ((await this.channelInfo())?.logIdentity ?? '');
    this.gate.set({ state: notice.state, managedSinceRecordId: notice.managedSinceRecordId, logInstanceId, reason: notice.reason, atMs: this.now() });
    this.log.info({ state: notice.state, managedSinceRecordId: notice.managedSinceRecordId, logInstanceId, reason: notice.reason }, 'the installer reported the Sysmon state');
  }

  async prepareForSysmonChange(reason: string): Promise<PreparedForChange> {
    const info = await this.channelInfo();
    const drainTo = info && info.newestRecordId !== null ? { logInstanceId: info.logIdentity, recordId: info.newestRecordId } : null;
    const caughtUp = await within(this.source.pause(reason, drainTo), this.limits.prepareTimeoutMs);
    this.armPauseLimit(reason);
    const checkpoint = this.source.committed();
    this.log.info({ reason, caughtUp, checkpoint: checkpoint?.recordId ?? null }, 'paused reading for a Sysmon change');
    return {
      checkpoint: checkpoint && { channel: this.source.channel, logInstanceId: checkpoint.logInstanceId, recordId: checkpoint.recordId },
      caughtUp,
    };
  }

  async sysmonChangeDone(reason: string): Promise<ChangeVerified> {
    this.disarmPauseLimit();
    const resubscribed = this.source.resubscribe();
    const ok = await within(resubscribed, this.limits.doneTimeoutMs);
    if (!ok) throw new Error(`the channel reader did not subscribe again within ${this.limits.doneTimeoutMs} ms; it keeps trying`);
    const verified = changeVerified(await resubscribed, this.source.channel);
    this.log.info({ reason, continuity: verified.continuity, gap: verified.gap }, 'subscribed again after a Sysmon change');
    return verified;
  }

  close(): void {
    this.disarmPauseLimit();
  }

  private armPauseLimit(reason: string): void {
    this.disarmPauseLimit();
    this.pauseTimer = setTimeout(() => {
      this.log.warn({ reason, pauseLimitMs: this.limits.pauseLimitMs }, 'the installer did not end its Sysmon change in time: reading again');
      void this.source.resubscribe().catch(() => undefined);
    }, this.limits.pauseLimitMs);
    this.pauseTimer.unref();
  }

  private disarmPauseLimit(): void {
    if (this.pauseTimer !== undefined) clearTimeout(this.pauseTimer);
    this.pauseTimer = undefined;
  }

  private async channelInfo(): Promise<ChannelInfo | null> {
    try {
      return await this.channels.info(this.source.channel);
    } catch {
      // No channel (Sysmon not installed yet) or the event log is unavailable: nothing to drain or name.
      return null;
    }
  }
}

const CONTINUITY: Readonly<Record<ResumePlan['kind'], ChannelContinuity>> = {
  'first-read': 'first_read',
  resume: 'continued',
  wrapped: 'wrapped',
  cleared: 'cleared',
  rewound: 'rewound',
};

/** The answer to SysmonChangeDone from how the reader subscribed again. */
export function changeVerified(outcome: ResumeOutcome, channel: string): ChangeVerified {
  const { plan, logInstanceId } = outcome;
  const position = (recordId: number) => ({ channel, logInstanceId, recordId });
  switch (plan.kind) {
    case 'first-read':
      return { continuity: CONTINUITY[plan.kind], resumedAfter: null, gap: null };
    case 'resume':
      return { continuity: CONTINUITY[plan.kind], resumedAfter: position(plan.afterRecordId), gap: null };
    case 'wrapped':
    case 'cleared':
    case 'rewound': {
      const gap = { firstRecordId: plan.gap.firstRecordId, lastRecordId: plan.gap.lastRecordId };
      return { continuity: CONTINUITY[plan.kind], resumedAfter: position(plan.kind === 'wrapped' ? (plan.gap.lastRecordId ?? 0) : 0), gap };
    }
  }
}

/** True when `promise` settled (either way) within `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
