/**
 * Sysmon release numbers as Sysinternals prints them ("14.1", "14.11", "15.15").
 *
 * The minor part is a decimal fraction, not an integer: 14.1 came before 14.11
 * and 14.13, and 15.1 before 15.11 (release history on the Sysinternals page). So
 * "14.1" is read as 14.10, and a four-part file version ("15.15.0.0") keeps only
 * its first two parts. Schema versions follow the same rule: the SysmonCommon
 * manifest orders 3.10 before 3.2 and 3.3 (corpus sysmon-schema/).
 */
export interface DottedVersion {
  readonly major: number;
  /** The minor part in hundredths: "1" -> 10, "11" -> 11, "15" -> 15. */
  readonly minor: number;
  readonly text: string;
}

const VERSION = /^(\d{1,4})(?:\.(\d{1,2})(?:\.\d+){0,2})?$/;

export function parseDottedVersion(text: string): DottedVersion | null {
  const m = VERSION.exec(text.trim());
  if (!m) return null;
  const minorText = m[2] ?? '0';
  const minor = minorText.length === 1 ? Number(minorText) * 10 : Number(minorText);
  return { major: Number(m[1]), minor, text: text.trim() };
}

/** Like parseDottedVersion, for values that were validated on the way in. */
export function dottedVersion(text: string): DottedVersion {
  const v = parseDottedVersion(text);
  if (!v) throw new RangeError(`not a Sysmon version: "${text}"`);
  return v;
}

export function compareVersions(a: string | DottedVersion, b: string | DottedVersion): number {
  const x = typeof a === 'string' ? dottedVersion(a) : a;
  const y = typeof b === 'string' ? dottedVersion(b) : b;
  return x.major - y.major || x.minor - y.minor;
}

export function sameVersion(a: string, b: string): boolean {
  const x = parseDottedVersion(a);
  const y = parseDottedVersion(b);
  return x !== null && y !== null && compareVersions(x, y) === 0;
}

/** The canonical two-digit spelling, for messages and keys ("14.1" -> "14.10"). */
export function canonicalVersion(text: string): string {
  const v = dottedVersion(text);
  return `${v.major}.${String(v.minor).padStart(2, '0')}`;
}

/**
 * Known-vulnerable regardless of what a manifest says (STACK-NOTES): below 14.11
 * CVE-2022-41120, below 14.13 CVE-2022-44704. A manifest can flag more, never fewer.
 */
export const VULNERABLE_BELOW = '14.13';

export function isKnownVulnerable(version: string): boolean {
  return compareVersions(version, VULNERABLE_BELOW) < 0;
}

/** Since 15.0 the service runs as a protected process: in-place upgrades fail (BUG-20). */
export function runsAsProtectedProcess(version: string): boolean {
  return dottedVersion(version).major >= 15;
}
