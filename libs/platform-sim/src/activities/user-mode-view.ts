/**
 * What a user-mode collector (ETW real-time sessions, R-UIR-2) can observe of
 * each activity. Fields outside these lists stay empty in the user-mode view
 * rather than being invented (R-EV-5); a kind with no user-mode source
 * (process tampering) has no user-mode row at all.
 */
import type { ActivityKind } from './activity';

export const USER_MODE_FIELDS: Readonly<Record<ActivityKind, readonly string[] | null>> = {
  'process-start': ['UtcTime', 'ProcessId', 'Image', 'CommandLine', 'ParentProcessId', 'User', 'TerminalSessionId'],
  'network-connect': ['UtcTime', 'ProcessId', 'Protocol', 'SourceIsIpv6', 'SourceIp', 'SourcePort', 'DestinationIsIpv6', 'DestinationIp', 'DestinationPort'],
  'remote-thread': ['UtcTime', 'SourceProcessId', 'TargetProcessId', 'NewThreadId', 'StartAddress'],
  'process-access': ['UtcTime', 'SourceProcessId', 'TargetProcessId', 'GrantedAccess'],
  'registry-set': ['UtcTime', 'EventType', 'ProcessId', 'TargetObject'],
  'process-tampering': null,
};

/** The user-mode view of a rendered field set; null when user mode cannot see this kind. */
export function userModeView(kind: ActivityKind, fields: Readonly<Record<string, string>>): Record<string, string> | null {
  const visible = USER_MODE_FIELDS[kind];
  if (!visible) return null;
  const out: Record<string, string> = {};
  for (const name of visible) if (fields[name] !== undefined) out[name] = fields[name];
  return out;
}
