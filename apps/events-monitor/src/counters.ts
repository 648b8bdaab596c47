/**
 * What the monitor has done since it started, for status and summaries.
 * Counted per event, logged never (house rule: no log line per event).
 */
export class MonitorCounters {
  read = 0;
  forwarded = 0;
  delivered = 0;
  duplicates = 0;
  /** Records of other channels or providers (Security, System, ...) in a recording: not Sysmon, not forwarded. */
  otherSources = 0;
  evicted = 0;
  gaps = 0;
  recordErrors = 0;
  damagedChunks = 0;
  filesRead = 0;
  readonly fileErrors: { file: string; error: string }[] = [];
  readonly skippedById = new Map<number, number>();
  readonly healthById = new Map<number, number>();
  lastCheckpoint: { source: string; recordId: number; atMs: number } | null = null;
  lastDeliveryAtMs: number | null = null;
  lastDeliveryError: string | null = null;
  /** Channel records skipped as not from the managed Sysmon (R-MON-3), by reason. */
  readonly outsideManagedByReason = new Map<string, number>();
  /** Set while reading the live channel keeps failing; cleared by the next good read. */
  readError: string | null = null;
  /** Why reading is on hold (paused for a Sysmon change, waiting for the installer); null while reading. */
  readerHold: string | null = null;
  /** Things a person should see in status that are not errors of the component (e.g. a lost checkpoint). */
  readonly notices: string[] = [];

  countSkipped(eventId: number): void {
    this.skippedById.set(eventId, (this.skippedById.get(eventId) ?? 0) + 1);
  }

  countHealth(eventId: number): void {
    this.healthById.set(eventId, (this.healthById.get(eventId) ?? 0) + 1);
  }

  countOutsideManaged(reason: string, n: number): void {
    this.outsideManagedByReason.set(reason, (this.outsideManagedByReason.get(reason) ?? 0) + n);
  }

  get outsideManaged(): number {
    let total = 0;
    for (const n of this.outsideManagedByReason.values()) total += n;
    return total;
  }

  get skipped(): number {
    let total = 0;
    for (const n of this.skippedById.values()) total += n;
    return total;
  }

  snapshot(): Record<string, unknown> {
    return {
      read: this.read,
      forwarded: this.forwarded,
      delivered: this.delivered,
      duplicates: this.duplicates,
      otherSources: this.otherSources,
      evicted: this.evicted,
      gaps: this.gaps,
      recordErrors: this.recordErrors,
      damagedChunks: this.damagedChunks,
      filesRead: this.filesRead,
      fileErrors: this.fileErrors,
      skippedById: Object.fromEntries([...this.skippedById].sort((a, b) => a[0] - b[0])),
      healthById: Object.fromEntries([...this.healthById].sort((a, b) => a[0] - b[0])),
      outsideManagedByReason: Object.fromEntries(this.outsideManagedByReason),
      lastCheckpoint: this.lastCheckpoint,
      lastDeliveryError: this.lastDeliveryError,
      readError: this.readError,
    };
  }
}
