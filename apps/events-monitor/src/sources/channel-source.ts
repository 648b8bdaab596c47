/**
 * The live Sysmon channel as an EventSource (R-MON-1, R-MON-2, BUG-15), over
 * the EventChannelPort (the sim now, the Windows adapter later).
 *
 * The batches generator only runs again once the consumer has committed the
 * batch it was given (runIngest's for-await), so at every loop turn the store's
 * checkpoint is exactly what was read. Reopening after any failure therefore
 * starts from the last committed record, never from what was merely read.
 */
import { backoffDelay, type BackoffPolicy } from '@sysward/agent-runtime';
import { parseEventXml } from '@sysward/event-schema';
import type { EventRecord } from '@sysward/evtx';
import { isPlatformError, PlatformError, type ChannelInfo, type ChannelRecord, type ChannelSubscription, type EventChannelPort } from '@sysward/platform';
import type { Checkpoint } from '@sysward/state-store';
import type { OutsideReason, Verdict } from '../acceptance/managed-acceptance';
import type { EventSource, SourceBatch, SourceGap } from './event-source';
import { recordIdJumps } from './record-id-jumps';
import { classifyResume, readStart, type ResumePlan } from './resume-plan';
import { WakeSignal } from './wake-signal';

/** Which records of the channel are ours to forward (R-MON-3). */
export interface ChannelGate {
  verdict(logInstanceId: string, recordId: number): Verdict;
  holdReason(): string | null;
  logCleared(fromLog: string, toLog: string): void;
}

export interface ChannelObserver {
  onResumed(plan: ResumePlan, info: ChannelInfo): void;
  /** `attempt` counts failures in a row; `retryInMs` is 0 for the immediate reopen after a first stale handle. */
  onReadFailure(error: Error, attempt: number, retryInMs: number): void;
  onReadRecovered(): void;
  onRecordError(recordId: number, error: unknown): void;
  onOutsideManaged(reason: OutsideReason, count: number): void;
  /** Reading is held (paused, waiting for the installer) or, with null, goes on again. */
  onHold(reason: string | null): void;
}

export interface ChannelSourceOptions {
  channels: EventChannelPort;
  /** The channel as subscribed; also the checkpoint's source (the store keys it case-insensitively, BUG-14). */
  channel: string;
  batchSize: number;
  /** Longest wait for new records before looking at control requests again. */
  pollMs: number;
  checkpointOf: (source: string) => Checkpoint | null;
  gate: ChannelGate;
  retry: BackoffPolicy;
  random?: () => number;
  observer: ChannelObserver;
}

/** How the channel looked when the reader subscribed (the answer to SysmonChangeDone). */
export interface ResumeOutcome {
  plan: ResumePlan;
  logInstanceId: string;
}

interface Reader {
  sub: ChannelSubscription;
  expectedNext: number | null;
}

interface PauseRequest {
  reason: string;
  /** Read through this record before holding; null: hold at the next batch boundary. */
  drainTo: { logInstanceId: string; recordId: number } | null;
  held: Deferred<void>;
}

/** A first stale handle is how a clear or a rollover announces itself: reopen at once, without a failure in status. */
const IMMEDIATE_REOPEN_CODES = new Set(['STALE_HANDLE']);
const OPEN_TRIES = 3;

export class ChannelSource implements EventSource {
  private reader: Reader | null = null;
  private pending: SourceBatch | null = null;
  private pauseRequest: PauseRequest | null = null;
  private reopenRequested = false;
  private reopenWaiters: Deferred<ResumeOutcome>[] = [];
  private holdShown: string | null = null;
  private readonly wakeSignal = new WakeSignal();

  constructor(private readonly options: ChannelSourceOptions) {}

  get channel(): string {
    return this.options.channel;
  }

  /** The last committed position, or null before anything was committed. */
  committed(): Checkpoint | null {
    return this.options.checkpointOf(this.options.channel);
  }

  /**
   * Reads through `drainTo` (what the channel held when asked), lets the
   * consumer commit it, then holds. Resolves once held.
   */
  pause(reason: string, drainTo: PauseRequest['drainTo']): Promise<void> {
    const held = this.pauseRequest?.held ?? deferred<void>();
    this.pauseRequest = { reason, drainTo, held };
    this.wakeSignal.wake();
    return held.promise;
  }

  resume(): void {
    if (this.pauseRequest === null) return;
    this.pauseRequest.held.resolve();
    this.pauseRequest = null;
    this.wakeSignal.wake();
  }

  get paused(): boolean {
    return this.pauseRequest !== null;
  }

  /** Drops the subscription, resumes reading, and resolves with how the new subscription started (R-INS-11). */
  resubscribe(): Promise<ResumeOutcome> {
    const waiter = deferred<ResumeOutcome>();
    this.reopenWaiters.push(waiter);
    this.reopenRequested = true;
    this.resume();
    this.wakeSignal.wake();
    return waiter.promise;
  }

  async *batches(signal: AbortSignal): AsyncIterable<SourceBatch> {
    const { observer } = this.options;
    let failures = 0;
    try {
      while (!signal.aborted) {
        if (this.reopenRequested) {
          this.reopenRequested = false;
          await this.dropReader();
        }
        if (this.pauseRequest !== null && this.drained(this.pauseRequest)) {
          await this.park(this.pauseRequest, signal);
          continue;
        }
        if (this.reader === null) {
          try {
            await this.open();
          } catch (error) {
            failures += 1;
            this.failWaiters(error);
            if (isPlatformError(error, 'NOT_FOUND')) {
              // Before Sysmon is installed its channel does not exist: a wait, not a failure.
              this.showHold(`${this.options.channel} does not exist (yet): waiting for Sysmon to register it`);
              await this.wakeSignal.wait(this.retryDelay(failures), signal);
            } else {
              await this.backOff(error, failures, signal);
            }
            continue;
          }
        }
        if (this.pending !== null) {
          const batch = this.pending;
          this.pending = null;
          yield batch;
          continue;
        }
        const hold = this.options.gate.holdReason();
        if (hold !== null) {
          this.showHold(hold);
          await this.wakeSignal.wait(this.options.pollMs, signal);
          continue;
        }
        this.showHold(null);
        let records: ChannelRecord[];
        try {
          records = await this.reader!.sub.next({ max: this.options.batchSize, timeoutMs: this.options.pollMs, signal });
        } catch (error) {
          failures += 1;
          await this.dropReader();
          await this.backOff(error, failures, signal);
          continue;
        }
        if (failures > 0) {
          failures = 0;
          observer.onReadRecovered();
        }
        if (records.length > 0) yield this.toBatch(this.reader!, records);
      }
    } finally {
      await this.dropReader();
      this.failWaiters(new Error('the channel reader stopped'));
      // Whoever waits for the pause to take hold gets the committed position all the same.
      this.pauseRequest?.held.resolve();
    }
  }

  private drained(request: PauseRequest): boolean {
    // Nothing will be read while the gate waits for the installer, so there is nothing to drain.
    if (request.drainTo === null || this.options.gate.holdReason() !== null) return true;
    const committed = this.committed();
    if (committed === null) return false;
    // A new log: the one to drain is gone.
    if (committed.logInstanceId !== request.drainTo.logInstanceId) return true;
    return committed.recordId >= request.drainTo.recordId;
  }

  private async park(request: PauseRequest, signal: AbortSignal): Promise<void> {
    request.held.resolve();
    this.showHold(`paused while the installer changes Sysmon (${request.reason})`);
    while (this.pauseRequest === request && !signal.aborted) await this.wakeSignal.wait(null, signal);
    this.showHold(null);
  }

  private showHold(reason: string | null): void {
    if (reason === this.holdShown) return;
    this.holdShown = reason;
    this.options.observer.onHold(reason);
  }

  private async open(): Promise<void> {
    const { channels, channel, gate } = this.options;
    let useBookmark = true;
    for (let tries = 1; ; tries++) {
      const info = await channels.info(channel);
      const checkpoint = this.committed();
      const plan = classifyResume(checkpoint, info);
      const start = readStart(plan, useBookmark ? checkpoint : checkpoint && { ...checkpoint, bookmark: null }, info);
      let sub: ChannelSubscription;
      try {
        sub = await channels.subscribe(channel, start.from);
      } catch (error) {
        // The channel moved between the look and the subscribe (or Windows disowned the bookmark): look again.
        if (tries < OPEN_TRIES && isPlatformError(error, 'BOOKMARK_NOT_FOUND')) continue;
        if (tries < OPEN_TRIES && start.from.kind === 'bookmark' && isPlatformError(error, 'INVALID_ARGUMENT')) {
          useBookmark = false;
          continue;
        }
        throw error;
      }
      if (sub.logIdentity !== info.logIdentity) {
        await closeQuietly(sub);
        if (tries < OPEN_TRIES) continue;
        throw new PlatformError('STALE_HANDLE', `${channel} kept changing its log while subscribing`);
      }
      if (plan.kind === 'cleared' && checkpoint !== null) gate.logCleared(checkpoint.logInstanceId, info.logIdentity);
      this.reader = { sub, expectedNext: start.expectedNext };
      if (plan.kind !== 'first-read' && plan.kind !== 'resume' && start.afterGap !== null) {
        this.pending = {
          source: channel,
          logInstanceId: start.afterGap.logInstanceId,
          label: channel,
          records: [],
          lastRecordId: start.afterGap.recordId,
          bookmark: null,
          gaps: [{ ...plan.gap, channel }],
        };
      }
      this.options.observer.onResumed(plan, info);
      for (const waiter of this.reopenWaiters.splice(0)) waiter.resolve({ plan, logInstanceId: info.logIdentity });
      return;
    }
  }

  private toBatch(reader: Reader, records: ChannelRecord[]): SourceBatch {
    const { channel, gate, observer } = this.options;
    const log = reader.sub.logIdentity;
    const gaps: SourceGap[] = recordIdJumps(
      reader.expectedNext,
      records.map((r) => r.recordId),
    ).map((jump) => ({
      cause: 'WRAP',
      channel,
      logInstanceId: log,
      firstRecordId: jump.first,
      lastRecordId: jump.last,
      detail: `${channel} overwrote records ${jump.first}..${jump.last} while they were unread`,
    }));
    const last = records[records.length - 1].recordId;
    reader.expectedNext = Math.max(reader.expectedNext ?? 0, last + 1);
    const accepted: EventRecord[] = [];
    const outside = new Map<OutsideReason, number>();
    for (const record of records) {
      const verdict = gate.verdict(log, record.recordId);
      // 'wait' cannot reach here (reading holds while the gate waits); counting it as outside would hide that bug, so it is parsed.
      if (verdict.kind === 'outside') {
        outside.set(verdict.reason, (outside.get(verdict.reason) ?? 0) + 1);
        continue;
      }
      try {
        accepted.push(parseEventXml(record.xml));
      } catch (error) {
        // R-REL-2: one malformed record is counted and skipped; the rest of the batch goes on.
        observer.onRecordError(record.recordId, error);
      }
    }
    for (const [reason, count] of outside) observer.onOutsideManaged(reason, count);
    return { source: channel, logInstanceId: log, label: channel, records: accepted, lastRecordId: last, bookmark: reader.sub.bookmark(), gaps };
  }

  private async backOff(error: unknown, attempt: number, signal: AbortSignal): Promise<void> {
    const err = error instanceof Error ? error : new Error(String(error));
    const immediate = attempt === 1 && isPlatformError(err) && IMMEDIATE_REOPEN_CODES.has(err.code);
    const delay = immediate ? 0 : this.retryDelay(attempt);
    this.options.observer.onReadFailure(err, attempt, delay);
    if (delay > 0) await this.wakeSignal.wait(delay, signal);
  }

  private retryDelay(attempt: number): number {
    return backoffDelay(this.options.retry, attempt - 1, (this.options.random ?? Math.random)());
  }

  private async dropReader(): Promise<void> {
    const reader = this.reader;
    this.reader = null;
    if (reader) await closeQuietly(reader.sub);
  }

  private failWaiters(error: unknown): void {
    for (const waiter of this.reopenWaiters.splice(0)) waiter.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

async function closeQuietly(sub: ChannelSubscription): Promise<void> {
  try {
    await sub.close();
  } catch {
    // A handle that is already invalid cannot be closed any further.
  }
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A waiter nobody awaits any more must not become an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
