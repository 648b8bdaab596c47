/**
 * Test doubles for code built on agent-runtime, shipped through a separate
 * entry point (`@sysward/agent-runtime/testing`) so production code never loads them.
 */
import type { ComponentReport } from './component-status';
import type { StatusLink, StatusLinkEvents, StatusStream, Timers } from './status-reporter';

/** A clock and timers that move only when the test says so. */
export class ManualTimers implements Timers {
  private current: number;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  constructor(startMs = 1_700_000_000_000) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.current + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Move the clock forward, firing due timers in time order (including ones they schedule). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let dueId: number | undefined;
      let dueAt = Number.POSITIVE_INFINITY;
      for (const [id, timer] of this.pending) {
        if (timer.at <= target && timer.at < dueAt) {
          dueAt = timer.at;
          dueId = id;
        }
      }
      if (dueId === undefined) break;
      const timer = this.pending.get(dueId)!;
      this.pending.delete(dueId);
      this.current = Math.max(this.current, timer.at);
      timer.callback();
    }
    this.current = target;
  }
}

/** One stream opened through a MemoryStatusLink, driven by the test. */
export interface MemoryStatusStream {
  readonly sent: ComponentReport[];
  readonly closed: boolean;
  connect(): void;
  fail(error?: Error): void;
}

/** A StatusLink whose streams the test connects and breaks at will. */
export class MemoryStatusLink implements StatusLink {
  readonly streams: MemoryStatusStream[] = [];
  disposed = false;

  open(events: StatusLinkEvents): StatusStream {
    const sent: ComponentReport[] = [];
    let closed = false;
    const handle: MemoryStatusStream = {
      sent,
      get closed() {
        return closed;
      },
      connect: () => events.onConnected(),
      fail: (error) => {
        closed = true;
        events.onClosed(error);
      },
    };
    this.streams.push(handle);
    return {
      send: (report) => {
        if (!closed) sent.push(report);
      },
      close: async () => {
        closed = true;
      },
    };
  }

  dispose(): void {
    this.disposed = true;
  }

  get latest(): MemoryStatusStream {
    const stream = this.streams[this.streams.length - 1];
    if (stream === undefined) throw new Error('MemoryStatusLink: no stream was opened');
    return stream;
  }

  /** Every report sent over every stream, in order. */
  allSent(): ComponentReport[] {
    return this.streams.flatMap((s) => s.sent);
  }
}
