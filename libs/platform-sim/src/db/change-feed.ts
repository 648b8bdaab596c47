/**
 * How a process learns that another process changed the host, without
 * burning CPU: `PRAGMA data_version` (answered from the WAL index in shared
 * memory, no disk read) says whether another connection committed; fs.watch
 * on the database folder (inotify on Linux) says *when* to ask, within
 * milliseconds of the other process writing the -wal file. A slow poll covers
 * file systems where watching does not work. Both run only while someone waits
 * or listens, so an idle process costs nothing.
 */
import type Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEFAULT_FALLBACK_POLL_MS = 250;
const RECHECK_AFTER_EVENT_MS = 50;

export class ChangeFeed {
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private watcher: fs.FSWatcher | null = null;
  private recheck: NodeJS.Timeout | null = null;
  private watchFailed = false;
  private poll: NodeJS.Timeout | null = null;
  private seenVersion: number;
  private local = 0;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly fallbackPollMs: number = DEFAULT_FALLBACK_POLL_MS,
  ) {
    this.seenVersion = this.dataVersion();
  }

  /** An opaque position: take it before reading, then wait(token) returns at once if anything changed since. */
  token(): string {
    return `${this.dataVersion()}:${this.local}`;
  }

  /** Resolves after a change since `token`, the timeout, or the abort, whichever comes first. */
  wait(token: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.closed || timeoutMs <= 0 || signal?.aborted || this.token() !== token) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        this.idleCheck();
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
      this.activate();
    });
  }

  /** Calls `listener` after every change seen (coalesced); returns the unsubscribe function. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    this.activate();
    return () => {
      this.listeners.delete(listener);
      this.idleCheck();
    };
  }

  /** This connection committed: its own data_version does not move, so say so explicitly. */
  notifyLocal(): void {
    this.local += 1;
    if (this.waiters.size > 0 || this.listeners.size > 0) setImmediate(() => this.fire());
  }

  close(): void {
    this.closed = true;
    for (const done of [...this.waiters]) done();
    this.listeners.clear();
    this.stopPolling();
    if (this.recheck) clearTimeout(this.recheck);
    this.recheck = null;
    this.watcher?.close();
    this.watcher = null;
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  private check = (): void => {
    if (this.closed || !this.db.open) return;
    const version = this.dataVersion();
    if (version === this.seenVersion) return;
    this.seenVersion = version;
    this.fire();
  };

  private fire(): void {
    if (this.closed) return;
    for (const done of [...this.waiters]) done();
    for (const listener of [...this.listeners]) listener();
  }

  private activate(): void {
    if (this.closed) return;
    this.startWatching();
    if (!this.poll) {
      // From idle: nobody was told about earlier changes, and nobody needs to be.
      this.seenVersion = this.dataVersion();
      this.poll = setInterval(this.check, this.fallbackPollMs);
      this.poll.unref();
    } else {
      // Already listening: a commit not noticed yet must reach the listeners now. Resetting
      // seenVersion here swallowed it, so a listener (a registry watch) missed that change
      // whenever someone started waiting before the watcher's event arrived.
      this.check();
    }
  }

  /**
   * The -wal write that wakes the watcher comes before the commit is visible (the WAL
   * index in -shm is memory-mapped: its update makes no file event). A check that runs
   * in between sees nothing new, so look once more shortly after.
   */
  private recheckSoon(): void {
    if (this.recheck || this.closed) return;
    this.recheck = setTimeout(() => {
      this.recheck = null;
      this.check();
    }, RECHECK_AFTER_EVENT_MS);
    this.recheck.unref();
  }

  private idleCheck(): void {
    if (this.waiters.size === 0 && this.listeners.size === 0) this.stopPolling();
  }

  private stopPolling(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }

  private startWatching(): void {
    if (this.watcher || this.watchFailed) return;
    const base = path.basename(this.file);
    try {
      this.watcher = fs.watch(path.dirname(this.file), { persistent: false }, (_event, name) => {
        if (name === null || String(name).startsWith(base)) {
          this.check();
          this.recheckSoon();
        }
      });
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = null;
        this.watchFailed = true;
      });
    } catch {
      this.watchFailed = true;
    }
  }
}
