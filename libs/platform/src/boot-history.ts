/**
 * Boot history from the System channel: what R-INS-6 (crash safeguard) reads
 * to learn whether the host went down uncleanly while Sysmon was installed.
 */

export type ShutdownKind = 'clean' | 'unclean' | 'unknown';

/** Records Windows writes at the next boot after an unclean end. */
export type UncleanEvidenceId = 41 | 6008 | 1001;

export interface ShutdownEvidence {
  /** 41 Kernel-Power, 6008 EventLog (unexpected shutdown), 1001 BugCheck. */
  eventId: UncleanEvidenceId;
  recordId: number;
  timeMs: number;
  /** The stop code when the record names one (41 BugcheckCode, 1001 param1); 0 or null for a power loss. */
  bugcheckCode: number | null;
}

export interface BootSession {
  /** Time of the boot's first record: 12 (Kernel-General), or 6005 on logs without it. */
  startedMs: number;
  startRecordId: number;
  /** How the session before this one ended; unknown when the System log no longer holds it. */
  previousShutdown: ShutdownKind;
  evidence: ShutdownEvidence[];
}

export interface BootHistoryPort {
  /** Boot sessions the System channel still records, oldest first. */
  sessions(): Promise<BootSession[]>;
  /** The running session, or null when the System log holds no boot record. */
  currentBoot(): Promise<BootSession | null>;
}
