/** The manifest's JSON, checked field by field; reached only after the signature verified. */
import type { ReleaseEntry } from '../model/desired-state';
import { parseDottedVersion, sameVersion } from '../version/sysmon-version';
import { ManifestError } from './manifest-error';

export const MAX_MANIFEST_BYTES = 1 << 20;

const SHA256 = /^[0-9a-fA-F]{64}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

function malformed(message: string): ManifestError {
  return new ManifestError('MALFORMED', `release manifest: ${message}`);
}

function entry(value: unknown, at: string): ReleaseEntry | ManifestError {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return malformed(`${at} is not an object`);
  const r = value as Record<string, unknown>;
  if (typeof r.version !== 'string' || !parseDottedVersion(r.version)) return malformed(`${at}.version is not a Sysmon version`);
  if (typeof r.sha256 !== 'string' || !SHA256.test(r.sha256)) return malformed(`${at}.sha256 is not 64 hex digits`);
  if (typeof r.releaseDate !== 'string' || !isCalendarDate(r.releaseDate)) return malformed(`${at}.releaseDate is not a YYYY-MM-DD date`);
  if (typeof r.vulnerable !== 'boolean') return malformed(`${at}.vulnerable is not true or false`);
  return { version: r.version, sha256: r.sha256.toLowerCase(), releaseDate: r.releaseDate, vulnerable: r.vulnerable };
}

export function parseManifest(bytes: Uint8Array): ReleaseEntry[] | ManifestError {
  if (bytes.length > MAX_MANIFEST_BYTES) return malformed(`larger than ${MAX_MANIFEST_BYTES} bytes`);
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    return malformed(`not UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { releases?: unknown }).releases)) {
    return malformed('no "releases" array');
  }
  const releases: ReleaseEntry[] = [];
  for (const [i, value] of ((doc as { releases: unknown[] }).releases).entries()) {
    const parsed = entry(value, `releases[${i}]`);
    if (parsed instanceof ManifestError) return parsed;
    if (releases.some((r) => sameVersion(r.version, parsed.version))) return malformed(`version ${parsed.version} is listed twice`);
    releases.push(parsed);
  }
  return releases;
}
