/**
 * The System-channel records Windows writes around boots, shutdowns and log
 * clears, with the providers, ids and payload names a real host uses (R-INS-6
 * reads 41/6008/1001; BUG-15 expects the log-cleared record).
 */
import type { EventSpec } from './event-xml';

const KEYWORDS_CLASSIC = '0x80000000000000';
const SYSTEM_SID = 'S-1-5-18';

function eventLog(eventId: number, items: ReadonlyArray<readonly [string | null, string]>, binary?: string): EventSpec {
  return {
    provider: { name: 'EventLog' },
    eventId,
    qualifiers: 32768,
    version: 0,
    level: eventId === 6008 ? 2 : 4,
    task: 0,
    opcode: 0,
    keywords: KEYWORDS_CLASSIC,
    processId: 0,
    threadId: 0,
    userSid: null,
    payload: { kind: 'EventData', items, binary },
  };
}

/** 12 Kernel-General: "The operating system started" (the first record of a boot). */
export function osStarted(bootMs: number): EventSpec {
  return {
    provider: { name: 'Microsoft-Windows-Kernel-General', guid: '{A68CA8B7-004F-D7B6-A698-07E2DE0F1F5D}' },
    eventId: 12,
    version: 2,
    level: 4,
    task: 1,
    opcode: 0,
    keywords: '0x8000000000000080',
    processId: 4,
    threadId: 8,
    userSid: SYSTEM_SID,
    payload: { kind: 'EventData', items: [['MajorVersion', '10'], ['MinorVersion', '0'], ['StartTime', new Date(bootMs).toISOString()]] },
  };
}

/** 13 Kernel-General: "The operating system is shutting down" (clean shutdowns only). */
export function osShuttingDown(atMs: number): EventSpec {
  return { ...osStarted(atMs), eventId: 13, version: 0, task: 2, payload: { kind: 'EventData', items: [['StopTime', new Date(atMs).toISOString()]] } };
}

export const eventLogStarted = (): EventSpec => eventLog(6005, []);
export const eventLogStopped = (): EventSpec => eventLog(6006, []);

/** 6009: the OS version line Windows logs at each boot. */
export function osVersionAtBoot(version: string, build: string): EventSpec {
  return eventLog(6009, [[null, version], [null, build], [null, ''], [null, 'Multiprocessor Free'], [null, '0']]);
}

/** 6008: "The previous system shutdown at TIME on DATE was unexpected." */
export function unexpectedShutdown(previousMs: number): EventSpec {
  const d = new Date(previousMs);
  const time = d.toISOString().slice(11, 19);
  const date = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
  return eventLog(6008, [[null, time], [null, date], [null, ''], [null, ''], [null, '0'], [null, ''], [null, '']]);
}

/** 41 Kernel-Power: "The system has rebooted without cleanly shutting down first." BugcheckCode is decimal, 0 for a power loss. */
export function kernelPower41(bugcheckCode: number): EventSpec {
  return {
    provider: { name: 'Microsoft-Windows-Kernel-Power', guid: '{331C3B3A-2005-44C2-AC5E-77220C37D6B4}' },
    eventId: 41,
    version: 8,
    level: 1,
    task: 63,
    opcode: 0,
    keywords: '0x8000400000000002',
    processId: 4,
    threadId: 8,
    userSid: SYSTEM_SID,
    payload: {
      kind: 'EventData',
      items: [
        ['BugcheckCode', String(bugcheckCode)],
        ['BugcheckParameter1', bugcheckCode === 0 ? '0x0' : '0xc0000005'],
        ['BugcheckParameter2', '0x0'],
        ['BugcheckParameter3', '0x0'],
        ['BugcheckParameter4', '0x0'],
        ['SleepInProgress', '0'],
        ['PowerButtonTimestamp', '0'],
        ['BootAppStatus', '0'],
        ['Checkpoint', '0'],
        ['ConnectedStandbyInProgress', 'false'],
        ['SystemSleepTransitionsToOn', '0'],
        ['CsEntryScenarioInstanceId', '0'],
        ['BugcheckInfoFromEFI', 'false'],
        ['CheckpointStatus', '0'],
      ],
    },
  };
}

/** 1001 BugCheck: "The computer has rebooted from a bugcheck. The bugcheck was: 0x... (...)" */
export function bugcheck1001(bugcheckCode: number): EventSpec {
  const code = `0x${bugcheckCode.toString(16).padStart(8, '0')}`;
  return {
    provider: { name: 'Microsoft-Windows-WER-SystemErrorReporting', guid: '{ABCE23E7-DE45-4366-8631-84FA6C525952}', eventSourceName: 'BugCheck' },
    eventId: 1001,
    qualifiers: 16384,
    version: 0,
    level: 2,
    task: 0,
    opcode: 0,
    keywords: KEYWORDS_CLASSIC,
    processId: 0,
    threadId: 0,
    userSid: null,
    payload: {
      kind: 'EventData',
      items: [
        ['param1', `${code} (0x00000000c0000005, 0xfffff80000000000, 0xffff800000000000, 0x0000000000000000)`],
        ['param2', 'C:\\Windows\\MEMORY.DMP'],
        ['param3', '00000000-0000-0000-0000-000000000000'],
      ],
    },
  };
}

/** 1074 User32: a process initiated the restart (clean reboots). */
export function restartInitiated(process: string, reason: string, computer: string): EventSpec {
  return {
    provider: { name: 'User32', guid: '{B0AA8734-56F7-41CC-B2F4-DE228E98B946}', eventSourceName: 'User32' },
    eventId: 1074,
    qualifiers: 32768,
    version: 0,
    level: 4,
    task: 0,
    opcode: 0,
    keywords: KEYWORDS_CLASSIC,
    processId: 0,
    threadId: 0,
    userSid: SYSTEM_SID,
    payload: {
      kind: 'EventData',
      items: [['param1', process], ['param2', computer], ['param3', reason], ['param4', '0x80020003'], ['param5', 'restart'], ['param6', ''], ['param7', 'NT AUTHORITY\\SYSTEM']],
    },
  };
}

/** 104 Eventlog (in System): "The <channel> log file was cleared." */
export function logCleared104(channel: string, backupPath: string): EventSpec {
  return {
    provider: { name: 'Microsoft-Windows-Eventlog', guid: '{FC65DDD8-D6EF-4962-83D5-6E5CFE9CE148}' },
    eventId: 104,
    version: 0,
    level: 4,
    task: 104,
    opcode: 0,
    keywords: '0x8000000000000000',
    processId: 1000,
    threadId: 1004,
    userSid: SYSTEM_SID,
    payload: {
      kind: 'UserData',
      element: 'LogFileCleared',
      xmlns: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog',
      items: [['SubjectUserName', 'SYSTEM'], ['SubjectDomainName', 'NT AUTHORITY'], ['Channel', channel], ['BackupPath', backupPath]],
    },
  };
}

/** 1102 Eventlog (in Security itself): "The audit log was cleared." */
export function auditLogCleared1102(): EventSpec {
  return {
    provider: { name: 'Microsoft-Windows-Eventlog', guid: '{FC65DDD8-D6EF-4962-83D5-6E5CFE9CE148}' },
    eventId: 1102,
    version: 0,
    level: 4,
    task: 104,
    opcode: 0,
    keywords: '0x4020000000000000',
    processId: 1000,
    threadId: 1004,
    userSid: null,
    payload: {
      kind: 'UserData',
      element: 'LogFileCleared',
      xmlns: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog',
      items: [['SubjectUserSid', SYSTEM_SID], ['SubjectUserName', 'SYSTEM'], ['SubjectDomainName', 'NT AUTHORITY'], ['SubjectLogonId', '0x3e7']],
    },
  };
}
