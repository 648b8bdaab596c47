import { invalid, isNoValue, NONE, ParseOutcome, value } from './parse-outcome';

/** win:Boolean: Windows writes `true`/`false`, python-evtx `True`/`False`. */
export function parseBoolean(text: string): ParseOutcome<boolean> {
  if (isNoValue(text)) return NONE;
  const lower = text.toLowerCase();
  if (lower === 'true') return value(true);
  if (lower === 'false') return value(false);
  return invalid('not a boolean (true or false)');
}
