/**
 * The marker we put on the service we install (R-INS-1): a value under its service
 * key. It is what makes a Sysmon ours. Names cannot: ours and an operator's may both
 * be Sysmon64/SysmonDrv. A reinstall by anyone else creates a fresh key without it.
 */
const PREFIX = 'sysward-owner/1 id=';
const ID = /^[A-Za-z0-9-]{8,64}$/;

/** The value name under HKLM\SYSTEM\CurrentControlSet\Services\<service>. */
export const OWNERSHIP_MARKER_VALUE_NAME = 'SyswardOwner';

export function formatOwnershipMarker(markerId: string): string {
  if (!ID.test(markerId)) throw new RangeError(`invalid marker id "${markerId}"`);
  return PREFIX + markerId;
}

/** The marker id, or null for anything that is not our marker. */
export function parseOwnershipMarker(value: string | null): string | null {
  if (value === null || !value.startsWith(PREFIX)) return null;
  const id = value.slice(PREFIX.length);
  return ID.test(id) ? id : null;
}
