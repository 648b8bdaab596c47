/**
 * Everything the monitor needs to read the live Sysmon channel, wired to its
 * counters and log: the source, the managed-mode gate, and the coordinator the
 * installer talks to. monitor.ts builds one when the config names a channel.
 */
import type { BackoffPolicy } from '@sysward/agent-runtime';
import type { MonitorStore } from '@sysward/state-store';
import { AcceptanceGate } from '../acceptance/acceptance-gate';
import type { AcceptanceMode } from '../acceptance/managed-acceptance';
import type { MonitorCounters } from '../counters';
import type { MonitorLog } from '../monitor';
import { ChannelSource, type ChannelObserver } from '../sources/channel-source';
import { MonitorCoordinator, DEFAULT_COORDINATION_LIMITS, type CoordinationLimits } from './coordination';
import type { ChannelPlatform } from './select-platform';

/** Reopening the channel: 500 ms doubling to 30 s, half random, so hosts whose event log restarted together spread out. */
export const CHANNEL_RETRY: BackoffPolicy = { initialDelayMs: 500, maxDelayMs: 30_000, multiplier: 2, jitter: 0.5 };

export interface ChannelReadingOptions {
  channel: string;
  mode: AcceptanceMode;
  batchSize: number;
  pollMs?: number;
  retry?: BackoffPolicy;
  limits?: CoordinationLimits;
}

export class ChannelReading {
  readonly gate: AcceptanceGate;
  readonly source: ChannelSource;
  readonly coordinator: MonitorCoordinator;

  constructor(
    readonly platform: ChannelPlatform,
    store: MonitorStore,
    counters: MonitorCounters,
    log: MonitorLog,
    options: ChannelReadingOptions,
  ) {
    this.gate = new AcceptanceGate(options.mode, store, (raw) =>
      log.warn({ raw: raw.slice(0, 200) }, 'the saved Sysmon state from the installer is unreadable: holding until the installer reports again'),
    );
    this.source = new ChannelSource({
      channels: platform.channels,
      channel: options.channel,
      batchSize: options.batchSize,
      pollMs: options.pollMs ?? 500,
      checkpointOf: (key) => store.getCheckpoint(key),
      gate: this.gate,
      retry: options.retry ?? CHANNEL_RETRY,
      observer: channelObserver(options.channel, counters, log),
    });
    this.coordinator = new MonitorCoordinator(this.source, this.gate, platform.channels, log, options.limits ?? DEFAULT_COORDINATION_LIMITS);
  }

  close(): void {
    this.coordinator.close();
    this.platform.close();
  }
}

/** Counts what the reader reports; logs only what a person must see (no line per event). */
export function channelObserver(channel: string, counters: MonitorCounters, log: MonitorLog): ChannelObserver {
  return {
    onResumed(plan, info) {
      const where = { channel, logInstanceId: info.logIdentity, oldest: info.oldestRecordId, newest: info.newestRecordId };
      if (plan.kind === 'first-read' || plan.kind === 'resume') log.info({ ...where, plan: plan.kind, after: plan.kind === 'resume' ? plan.afterRecordId : null }, 'reading the channel');
      else log.warn({ ...where, plan: plan.kind, gap: plan.gap }, plan.gap.detail);
    },
    onReadFailure(error, attempt, retryInMs) {
      const recoverable = (error as { recoverable?: unknown }).recoverable === true;
      // A stale handle now and then is how a clear announces itself; a failure that persists is a status matter.
      if (attempt >= 2 || !recoverable) counters.readError = error.message;
      if (attempt === 1) log.warn({ channel, err: error.message, retryInMs }, 'reading the channel failed; reopening from the last committed record');
    },
    onReadRecovered() {
      if (counters.readError !== null) log.info({ channel }, 'reading the channel works again');
      counters.readError = null;
    },
    onRecordError(recordId, error) {
      counters.read += 1;
      counters.recordErrors += 1;
      log.warn({ channel, recordId, err: String(error) }, 'channel record could not be parsed: counted and skipped');
    },
    onOutsideManaged(reason, count) {
      counters.read += count;
      counters.countOutsideManaged(reason, count);
    },
    onHold(reason) {
      counters.readerHold = reason;
      log.info({ channel, hold: reason }, reason === null ? 'reading the channel again' : 'reading the channel is on hold');
    },
  };
}
