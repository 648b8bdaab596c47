import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { nextComponentState } from './component-state';
import { mergeReport, type ComponentReport, type ComponentReportUpdate } from './component-status';
import { describeError } from './errors';

/**
 * The transport a StatusReporter streams through (a port: libs/ipc implements it
 * with a gRPC client stream to the supervisor; tests use an in-memory one).
 */
export interface StatusLink {
  open(events: StatusLinkEvents): StatusStream;
  /** Release the connection for good; the reporter calls it from close(). */
  dispose(): void;
}

export interface StatusLinkEvents {
  /** The supervisor accepted the stream: what is sent now arrives. */
  onConnected(): void;
  /** The stream ended or failed; the reporter reopens it after a backoff. */
  onClosed(error?: Error): void;
}

export interface StatusStream {
  send(report: ComponentReport): void;
  /** End the stream cleanly and wait (boundedly) for the other side to finish. */
  close(): Promise<void>;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const SYSTEM_TIMERS: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A reporter never keeps a process alive on its own.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

export interface StatusReporterOptions {
  name: string;
  version: string;
  pid?: number;
  link: StatusLink;
  /** Updates closer together than this are merged into one message. */
  minIntervalMs?: number;
  reconnect?: BackoffPolicy;
  random?: () => number;
  timers?: Timers;
  /** Told about link failures, so the component can log them (first at warn). */
  onLinkError?: (error: Error, attempt: number) => void;
}

/**
 * Streams a component's status to the supervisor. `update` merges a partial
 * change into the current report and returns at once; messages are full
 * snapshots, coalesced, so a burst of counter updates costs one message and a
 * reconnect only has to send the latest snapshot.
 */
export class StatusReporter {
  private report: ComponentReport;
  private readonly link: StatusLink;
  private readonly minIntervalMs: number;
  private readonly reconnect: BackoffPolicy;
  private readonly random: () => number;
  private readonly timers: Timers;
  private readonly onLinkError: (error: Error, attempt: number) => void;

  private stream: StatusStream | undefined;
  private connected = false;
  private closing = false;
  private failedAttempts = 0;
  private reconnectTimer: unknown;
  private flushTimer: unknown;
  private dirty = true;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private sentCount = 0;

  constructor(options: StatusReporterOptions) {
    this.report = {
      name: options.name,
      version: options.version,
      pid: options.pid ?? process.pid,
      state: 'starting',
      stateReason: '',
      lastError: '',
      lastErrorAtMs: 0,
    };
    this.link = options.link;
    this.minIntervalMs = options.minIntervalMs ?? 250;
    this.reconnect = options.reconnect ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
    this.timers = options.timers ?? SYSTEM_TIMERS;
    this.onLinkError = options.onLinkError ?? (() => undefined);
  }

  /** Open the stream; until connected, updates accumulate locally. */
  start(): void {
    if (this.closing) throw new Error('StatusReporter: start after close');
    if (this.stream === undefined && this.reconnectTimer === undefined) this.openStream();
  }

  /** The current report (a copy). */
  snapshot(): ComponentReport {
    return mergeReport(this.report, {});
  }

  /** How many snapshots went out; for tests and metrics. */
  get messagesSent(): number {
    return this.sentCount;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /**
   * Merge a change. A state change is checked by the status state machine and an
   * invalid one throws InvalidTransitionError (a bug in the caller, not a runtime condition).
   */
  update(change: ComponentReportUpdate): void {
    if (this.closing) return;
    if (change.state !== undefined) nextComponentState(this.report.state, change.state);
    this.report = mergeReport(this.report, change);
    this.dirty = true;
    this.scheduleFlush();
  }

  /** Record an error with its time and move to the given error state. */
  recordError(error: unknown, state: 'recoverable_error' | 'permanent_error' | 'fatal' = 'recoverable_error'): void {
    this.update({ state, lastError: describeError(error), lastErrorAtMs: this.timers.now() });
  }

  /** Send what is pending, end the stream, and stop reconnecting. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.clearTimer('reconnectTimer');
    this.clearTimer('flushTimer');
    const stream = this.stream;
    this.stream = undefined;
    try {
      if (stream !== undefined) {
        if (this.connected && this.dirty) this.sendNow(stream);
        this.connected = false;
        await stream.close();
      }
    } finally {
      this.link.dispose();
    }
  }

  private openStream(): void {
    this.reconnectTimer = undefined;
    this.connected = false;
    // Events are handled on a later microtask so that a link which reports
    // synchronously from open() still finds `this.stream` assigned.
    const stream: StatusStream = this.link.open({
      onConnected: () => queueMicrotask(() => {
        if (this.stream !== stream || this.closing) return;
        this.connected = true;
        this.failedAttempts = 0;
        // A fresh supervisor (or a restarted one) knows nothing: send everything now.
        this.dirty = true;
        this.clearTimer('flushTimer');
        this.sendNow(stream);
      }),
      onClosed: (error) => queueMicrotask(() => {
        if (this.stream !== stream || this.closing) return;
        this.stream = undefined;
        this.connected = false;
        this.clearTimer('flushTimer');
        const delay = backoffDelay(this.reconnect, Math.min(this.failedAttempts, 30), this.random());
        this.failedAttempts++;
        this.onLinkError(error ?? new Error('status stream ended by the supervisor'), this.failedAttempts);
        this.reconnectTimer = this.timers.setTimeout(() => this.openStream(), delay);
      }),
    });
    this.stream = stream;
  }

  private scheduleFlush(): void {
    if (!this.connected || this.flushTimer !== undefined) return;
    const wait = Math.max(0, this.lastSentAt + this.minIntervalMs - this.timers.now());
    this.flushTimer = this.timers.setTimeout(() => {
      this.flushTimer = undefined;
      if (this.connected && this.stream !== undefined && this.dirty) this.sendNow(this.stream);
    }, wait);
  }

  private sendNow(stream: StatusStream): void {
    this.dirty = false;
    this.lastSentAt = this.timers.now();
    this.sentCount++;
    stream.send(this.snapshot());
  }

  private clearTimer(which: 'reconnectTimer' | 'flushTimer'): void {
    if (this[which] !== undefined) this.timers.clearTimeout(this[which]);
    this[which] = undefined;
  }
}
