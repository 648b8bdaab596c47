/**
 * Sysmon's records as Sysmon 15 writes them (schema 4.90 field order, its
 * event versions, Task = event id, the service's pid and S-1-5-18 in System).
 * Fields an activity leaves out get plausible values; fields the schema does
 * not have are dropped, as Sysmon renders only its own manifest.
 */
import * as crypto from 'node:crypto';
import { SYSMON_PUBLISHER_GUID } from '@sysward/platform';
import type { EventSpec } from '../host/event-xml';
import { SYSMON_EVENT_VERSIONS } from './sysmon-versions';

export const SYSMON_FIELDS: Readonly<Record<number, readonly string[]>> = {
  1: ['RuleName', 'UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'FileVersion', 'Description', 'Product', 'Company', 'OriginalFileName', 'CommandLine', 'CurrentDirectory', 'User', 'LogonGuid', 'LogonId', 'TerminalSessionId', 'IntegrityLevel', 'Hashes', 'ParentProcessGuid', 'ParentProcessId', 'ParentImage', 'ParentCommandLine', 'ParentUser'],
  3: ['RuleName', 'UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'User', 'Protocol', 'Initiated', 'SourceIsIpv6', 'SourceIp', 'SourceHostname', 'SourcePort', 'SourcePortName', 'DestinationIsIpv6', 'DestinationIp', 'DestinationHostname', 'DestinationPort', 'DestinationPortName'],
  4: ['UtcTime', 'State', 'Version', 'SchemaVersion'],
  8: ['RuleName', 'UtcTime', 'SourceProcessGuid', 'SourceProcessId', 'SourceImage', 'TargetProcessGuid', 'TargetProcessId', 'TargetImage', 'NewThreadId', 'StartAddress', 'StartModule', 'StartFunction', 'SourceUser', 'TargetUser'],
  10: ['RuleName', 'UtcTime', 'SourceProcessGUID', 'SourceProcessId', 'SourceThreadId', 'SourceImage', 'TargetProcessGUID', 'TargetProcessId', 'TargetImage', 'GrantedAccess', 'CallTrace', 'SourceUser', 'TargetUser'],
  13: ['RuleName', 'EventType', 'UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'TargetObject', 'Details', 'User'],
  16: ['UtcTime', 'Configuration', 'ConfigurationFileHash'],
  25: ['RuleName', 'UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'Type', 'User'],
};

const DEFAULTS: Readonly<Record<string, string>> = {
  RuleName: '-',
  ProcessId: '4242',
  Image: 'C:\\Windows\\System32\\cmd.exe',
  FileVersion: '10.0.22621.1 (WinBuild.160101.0800)',
  Description: 'Windows Command Processor',
  Product: 'Microsoft\u00ae Windows\u00ae Operating System',
  Company: 'Microsoft Corporation',
  OriginalFileName: 'Cmd.Exe',
  CurrentDirectory: 'C:\\Windows\\system32\\',
  User: 'NT AUTHORITY\\SYSTEM',
  LogonId: '0x3e7',
  TerminalSessionId: '0',
  IntegrityLevel: 'System',
  ParentProcessId: '4',
  ParentImage: 'C:\\Windows\\System32\\services.exe',
  ParentCommandLine: 'C:\\Windows\\system32\\services.exe',
  ParentUser: 'NT AUTHORITY\\SYSTEM',
  Protocol: 'tcp',
  Initiated: 'true',
  SourceIsIpv6: 'false',
  SourceIp: '192.0.2.10',
  SourceHostname: '-',
  SourcePort: '49152',
  SourcePortName: '-',
  DestinationIsIpv6: 'false',
  DestinationIp: '192.0.2.20',
  DestinationHostname: '-',
  DestinationPort: '443',
  DestinationPortName: 'https',
  SourceProcessId: '4242',
  SourceImage: 'C:\\Windows\\System32\\cmd.exe',
  TargetProcessId: '680',
  TargetImage: 'C:\\Windows\\system32\\lsass.exe',
  NewThreadId: '5120',
  StartAddress: '0x00007FF6A0C01000',
  StartModule: '-',
  StartFunction: '-',
  SourceUser: 'NT AUTHORITY\\SYSTEM',
  TargetUser: 'NT AUTHORITY\\SYSTEM',
  SourceThreadId: '5124',
  GrantedAccess: '0x1010',
  CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e',
  EventType: 'SetValue',
  TargetObject: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Example',
  Details: 'DWORD (0x00000001)',
  Type: 'Image is replaced',
};

/** Sysmon's UtcTime: "2024-01-05 10:22:31.123". */
export function sysmonUtcTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
}

/** Stable GUID-shaped values per activity and field, so replays are repeatable. */
function guidFor(seed: string): string {
  const h = crypto.createHash('sha256').update(seed).digest('hex').toUpperCase();
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}}`;
}

function valueFor(name: string, given: Readonly<Record<string, string>>, lowerGiven: ReadonlyMap<string, string>, seed: string, timeMs: number): string {
  if (name === 'UtcTime') return sysmonUtcTime(timeMs);
  const provided = given[name] ?? lowerGiven.get(name.toLowerCase());
  if (provided !== undefined) return provided;
  if (/guid$/i.test(name)) return guidFor(`${seed}/${name.toLowerCase()}`);
  if (name === 'CommandLine') return given.Image ?? DEFAULTS.Image;
  if (name === 'Hashes') return `SHA256=${crypto.createHash('sha256').update(given.Image ?? DEFAULTS.Image).digest('hex').toUpperCase()}`;
  return DEFAULTS[name] ?? '-';
}

/** The EventData of a Sysmon event in manifest order, from whatever fields were given. */
export function sysmonEventData(eventId: number, given: Readonly<Record<string, string>>, seed: string, timeMs: number): [string, string][] {
  const names = SYSMON_FIELDS[eventId];
  if (!names) throw new Error(`no Sysmon field list for event ${eventId}`);
  const lower = new Map(Object.entries(given).map(([k, v]) => [k.toLowerCase(), v]));
  return names.map((name) => [name, valueFor(name, given, lower, seed, timeMs)]);
}

export function sysmonEventSpec(eventId: number, items: [string, string][], processId: number): EventSpec {
  return {
    provider: { name: 'Microsoft-Windows-Sysmon', guid: SYSMON_PUBLISHER_GUID },
    eventId,
    version: SYSMON_EVENT_VERSIONS[eventId] ?? 0,
    level: 4,
    task: eventId,
    opcode: 0,
    keywords: '0x8000000000000000',
    processId,
    threadId: processId + 1,
    userSid: 'S-1-5-18',
    payload: { kind: 'EventData', items },
  };
}
