/** Dotted numeric versions (Sysmon 15.15, file versions 15.15.0.0) compared part by part: 15.2 < 15.15. */
import { PlatformError } from './errors';

export function parseDottedVersion(text: string): number[] {
  if (typeof text !== 'string' || !/^\d{1,9}(\.\d{1,9}){0,3}$/.test(text.trim())) {
    throw new PlatformError('INVALID_ARGUMENT', `version must look like 15.15 or 15.15.0.0, got ${JSON.stringify(text)}`);
  }
  return text.trim().split('.').map(Number);
}

/** Missing parts count as 0, so 15.15 equals 15.15.0.0. */
export function compareVersions(a: string, b: string): number {
  const pa = parseDottedVersion(a);
  const pb = parseDottedVersion(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
