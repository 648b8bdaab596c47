import { invalid, isNoValue, NONE, ParseOutcome, value } from './parse-outcome';

const GUID = /^(\{)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\})?$/i;
/** Already in the schema's spelling, as Windows renders GUIDs: the common case, checked first. */
const CANONICAL = /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/;

/**
 * A GUID in the one spelling the schema uses: upper-case and braced. Windows renders
 * GUIDs upper-case in event XML, python-evtx lower-case; both mean the same GUID.
 */
export function parseGuid(text: string): ParseOutcome<string> {
  if (CANONICAL.test(text)) return value(text);
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
