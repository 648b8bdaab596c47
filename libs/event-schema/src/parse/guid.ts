import { invalid, isNoValue, NONE, ParseOutcome, value } from './parse-outcome';

const GUID = /^(\{)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\})?$/i;

/**
 * A GUID in the one spelling the schema uses: upper-case and braced. Windows renders
 * GUIDs upper-case in event XML, python-evtx lower-case; both mean the same GUID.
 */
export function parseGuid(text: string): ParseOutcome<string> {
  if (isCanonicalGuid(text)) return value(text);
  if (isNoValue(text)) return NONE;
  const m = GUID.exec(text);
  if (!m || (m[1] === undefined) !== (m[3] === undefined)) {
    return invalid('not a GUID ({xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx})');
  }
  return value(`{${m[2].toUpperCase()}}`);
}

/** parseGuid for values that must be GUIDs; null when the text is not one. */
export function normaliseGuid(text: string): string | null {
  const parsed = parseGuid(text);
  return parsed.kind === 'value' ? parsed.value : null;
}

/**
 * Already in the schema's spelling, `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` with
 * upper-case hex, as Windows renders GUIDs: the common case, checked first and without
 * a regular expression because every event carries several GUIDs.
 */
export function isCanonicalGuid(text: string): boolean {
  if (text.length !== 38 || text.charCodeAt(0) !== 0x7b /* { */ || text.charCodeAt(37) !== 0x7d /* } */) return false;
  for (let i = 1; i < 37; i++) {
    const c = text.charCodeAt(i);
    if (i === 9 || i === 14 || i === 19 || i === 24) {
      if (c !== 0x2d) return false;
    } else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46))) {
      return false;
    }
  }
  return true;
}
