import type { MonitorStore } from '@sysward/state-store';
import { acceptanceVerdict, noticeAfterClear, type AcceptanceMode, type ManagedNotice, type Verdict } from './managed-acceptance';

/** Versioned, like every persisted format: a future shape gets a new key, never a reinterpretation. */
const NOTICE_KEY = 'acceptance.notice.v1';

export type NoticeStore = Pick<MonitorStore, 'getMeta' | 'setMeta'>;

/**
 * The installer's latest word, kept in the monitor's store so that a restarted
 * monitor goes on accepting at once instead of holding until the installer
 * speaks again (R-MON-3).
 */
export class AcceptanceGate {
  private notice: ManagedNotice | null;

  constructor(
    readonly mode: AcceptanceMode,
    private readonly store: NoticeStore,
    private readonly onUnreadable: (raw: string) => void = () => undefined,
  ) {
    this.notice = this.load();
  }

  current(): ManagedNotice | null {
    return this.notice;
  }

  verdict(logInstanceId: string, recordId: number): Verdict {
    return acceptanceVerdict(this.mode, this.notice, logInstanceId, recordId);
  }

  /** Why reading waits, or null when it may go on. */
  holdReason(): string | null {
    return this.mode === 'managed' && this.notice === null ? 'waiting for the sysmon installer to report the Sysmon state (managed mode, R-MON-3)' : null;
  }

  set(notice: ManagedNotice): void {
    this.notice = notice;
    this.store.setMeta(NOTICE_KEY, JSON.stringify(notice));
  }

  logCleared(fromLog: string, toLog: string): void {
    const next = noticeAfterClear(this.notice, fromLog, toLog);
    if (next !== this.notice && next !== null) this.set(next);
  }

  private load(): ManagedNotice | null {
    const raw = this.store.getMeta(NOTICE_KEY);
    if (raw === null) return null;
    try {
      const parsed = JSON.parse(raw) as ManagedNotice;
      if (typeof parsed.state === 'string' && Number.isSafeInteger(parsed.managedSinceRecordId) && typeof parsed.logInstanceId === 'string') return parsed;
    } catch {
      // reported below
    }
    // Holding until the installer speaks again is safe; guessing is not.
    this.onUnreadable(raw);
    return null;
  }
}
