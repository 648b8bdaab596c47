/**
 * Boot sessions from System-channel records: one pure function shared by every
 * BootHistoryPort (the Windows adapter renders the System channel, the sim
 * keeps its records), so the rules are tested once as a table.
 *
 * Windows writes 12 (Kernel-General: the OS started) first at each boot and
 * 6005 (EventLog started) once the log service runs; a clean shutdown leaves
 * 1074/6006 (EventLog stopped) and 13 (Kernel-General: shutting down). After
 * an unclean end it writes, early in the next boot, 41 (Kernel-Power), 6008
 * (EventLog: the previous shutdown was unexpected) and, when a crash dump was
 * saved, 1001 (BugCheck). 41 can come before 6005, so a session starts at its
 * 12 when there is one.
 */
import type { BootSession, ShutdownEvidence, UncleanEvidenceId } from './boot-history';

export interface SystemEventSummary {
  recordId: number;
  eventId: number;
  provider: string;
  timeMs: number;
  data: Readonly<Record<string, string>>;
}

const KERNEL_GENERAL = /^Microsoft-Windows-Kernel-General$/i;
const EVENT_LOG = /^EventLog$/i;
const EVIDENCE_PROVIDERS: Record<UncleanEvidenceId, RegExp> = {
  41: /^Microsoft-Windows-Kernel-Power$/i,
  6008: EVENT_LOG,
  1001: /^(BugCheck|Microsoft-Windows-WER-SystemErrorReporting)$/i,
};

const isKernelStart = (r: SystemEventSummary): boolean => r.eventId === 12 && KERNEL_GENERAL.test(r.provider);
const isLogStart = (r: SystemEventSummary): boolean => r.eventId === 6005 && EVENT_LOG.test(r.provider);
const isCleanStop = (r: SystemEventSummary): boolean => (r.eventId === 6006 && EVENT_LOG.test(r.provider)) || (r.eventId === 13 && KERNEL_GENERAL.test(r.provider));

export function deriveBootSessions(records: readonly SystemEventSummary[]): BootSession[] {
  const ordered = [...records].sort((a, b) => a.recordId - b.recordId);
  const sessions: BootSession[] = [];
  let cleanStopSeen = false;
  let current: BootSession | null = null;
  // A session opened by its 12 still expects its own 6005, which must not open another.
  let awaitingLogStart = false;
  for (const record of ordered) {
    const kernelStart = isKernelStart(record);
    if (kernelStart || (isLogStart(record) && !awaitingLogStart)) {
      const previousShutdown = cleanStopSeen ? 'clean' : sessions.length > 0 ? 'unclean' : 'unknown';
      current = { startedMs: record.timeMs, startRecordId: record.recordId, previousShutdown, evidence: [] };
      sessions.push(current);
      cleanStopSeen = false;
      awaitingLogStart = kernelStart;
      continue;
    }
    if (isLogStart(record)) {
      awaitingLogStart = false;
      continue;
    }
    if (isCleanStop(record)) {
      cleanStopSeen = true;
      awaitingLogStart = false;
      continue;
    }
    const evidence = asEvidence(record);
    if (evidence && current) {
      current.evidence.push(evidence);
      current.previousShutdown = 'unclean';
    }
  }
  return sessions;
}

function asEvidence(record: SystemEventSummary): ShutdownEvidence | null {
  const id = record.eventId as UncleanEvidenceId;
  const provider = EVIDENCE_PROVIDERS[id];
  if (!provider || !provider.test(record.provider)) return null;
  return { eventId: id, recordId: record.recordId, timeMs: record.timeMs, bugcheckCode: bugcheckCodeOf(id, record.data) };
}

function bugcheckCodeOf(id: UncleanEvidenceId, data: Readonly<Record<string, string>>): number | null {
  if (id === 41) return parseCode(data.BugcheckCode);
  if (id === 1001) return parseCode(/^\s*(0x[0-9a-f]+|\d+)/i.exec(data.param1 ?? '')?.[1]);
  return null;
}

function parseCode(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const n = /^0x/i.test(text) ? Number.parseInt(text.slice(2), 16) : Number(text);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}
