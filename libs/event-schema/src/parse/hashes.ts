/**
 * Sysmon's Hashes field: `ALG=HEX` segments joined by commas, in an order and with a
 * set of algorithms that depend on the configuration (BUG-11).
 */
export interface ParsedHashes {
  /** Upper-case algorithm name to lower-case hex. */
  readonly hashes: Record<string, string>;
  /** Segments that could not be used, with why; the other segments are still kept. */
  readonly badSegments: readonly { readonly segment: string; readonly reason: string }[];
}

const KNOWN_HEX_LENGTHS: Readonly<Record<string, number>> = { MD5: 32, SHA1: 40, SHA256: 64, IMPHASH: 32 };
const ALGORITHM = /^[A-Za-z][A-Za-z0-9_-]*$/;
const SEGMENT = /^([A-Za-z][A-Za-z0-9_-]*)\s*=\s*([0-9A-Fa-f]+)$/;
const ALL_ZERO = /^0+$/;

export function parseHashes(text: string): ParsedHashes {
  const common = parseCommonHashes(text);
  if (common !== null) return { hashes: common, badSegments: [] };
  const hashes: Record<string, string> = {};
  const badSegments: { segment: string; reason: string }[] = [];
  if (text === '' || text === '-') return { hashes, badSegments };
  for (const raw of text.split(',')) {
    const segment = raw.trim();
    if (segment === '') continue; // a trailing or doubled comma carries nothing
    const m = SEGMENT.exec(segment);
    const algorithm = m ? m[1].toUpperCase() : '';
    const hex = m ? m[2] : '';
    const problem = m ? checkLength(algorithm, hex) : explainBadSegment(segment);
    if (problem) {
      badSegments.push({ segment, reason: problem });
      continue;
    }
    // IMPHASH of all zeros: the image has no import table (not a PE): no hash.
    if (algorithm === 'IMPHASH' && ALL_ZERO.test(hex)) continue;
    const lower = hex.toLowerCase();
    const previous = hashes[algorithm];
    if (previous !== undefined && previous !== lower) {
      badSegments.push({ segment, reason: `second, different ${algorithm} value` });
      continue;
    }
    hashes[algorithm] = lower;
  }
  return { hashes, badSegments };
}

/**
 * The spelling Sysmon writes on every process event, `SHA1=…,MD5=…,IMPHASH=…` (upper-case
 * algorithm names, no blanks, good lengths, each algorithm once), read without regular
 * expressions. Null for anything else, which the general parser then handles: the
 * result is always the one it would give.
 */
function parseCommonHashes(text: string): Record<string, string> | null {
  const length = text.length;
  if (length === 0) return null;
  const hashes: Record<string, string> = {};
  let start = 0;
  while (start < length) {
    let comma = text.indexOf(',', start);
    if (comma < 0) comma = length;
    const eq = text.indexOf('=', start);
    if (eq <= start || eq >= comma - 1) return null;
    for (let i = start; i < eq; i++) {
      const c = text.charCodeAt(i);
      const upper = c >= 0x41 && c <= 0x5a;
      if (!(upper || (i > start && ((c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d)))) return null;
    }
    let allZero = true;
    for (let i = eq + 1; i < comma; i++) {
      const c = text.charCodeAt(i);
      if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))) return null;
      if (c !== 0x30) allZero = false;
    }
    const algorithm = text.slice(start, eq);
    if (checkLength(algorithm, text.slice(eq + 1, comma)) !== null || Object.prototype.hasOwnProperty.call(hashes, algorithm)) return null;
    if (!(algorithm === 'IMPHASH' && allZero)) hashes[algorithm] = text.slice(eq + 1, comma).toLowerCase();
    else if (text.indexOf('IMPHASH=', comma) >= 0) return null; // a second IMPHASH: the general parser decides
    start = comma + 1;
  }
  // A trailing comma leaves an empty segment, which the general parser skips; keep it there.
  return text.charCodeAt(length - 1) === 0x2c ? null : hashes;
}

function explainBadSegment(segment: string): string {
  const eq = segment.indexOf('=');
  if (eq < 0) return 'no "=" between algorithm and hash';
  if (!ALGORITHM.test(segment.slice(0, eq).trim())) return 'algorithm name is not a word';
  return 'hash is not hexadecimal';
}

function checkLength(algorithm: string, hex: string): string | null {
  const expected = KNOWN_HEX_LENGTHS[algorithm];
  if (expected !== undefined && hex.length !== expected) {
    return `${algorithm} must have ${expected} hex digits, not ${hex.length}`;
  }
  return null;
}

const HASHES_SHAPE = /^[A-Za-z][A-Za-z0-9_-]*=[0-9A-Fa-f]{32,128}(,[A-Za-z][A-Za-z0-9_-]*=[0-9A-Fa-f]{32,128})*$/;

/** True when a value has the shape of a Hashes list (used to spot shifted fields, BUG-08). */
export function looksLikeHashes(text: string): boolean {
  return HASHES_SHAPE.test(text);
}
