import { invalid, isNoValue, NONE, ParseOutcome, value } from './parse-outcome';

const GUID = /^(\{)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\})?$/i;

/**
 * A GUID in the one spelling the schema uses: upper-case and braced. Windows renders
 * GUIDs upper-case in event XML, python-evtx lower-case; both mean the same GUID.
 */
export function parseGuid(text: string): ParseOutcome<string> {
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
