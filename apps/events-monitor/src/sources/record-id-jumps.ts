/**
 * A channel numbers its records one by one, so a jump in the ids a reader gets
 * means records were overwritten before they were read (a wrap while reading,
 * R-MON-2). Ids that do not increase are not a loss and are not reported here.
 */
export interface RecordIdRange {
  first: number;
  last: number;
}

/** The missing ranges before and between `ids`, given the id expected first (null: any first id is right). */
export function recordIdJumps(expectedNext: number | null, ids: readonly number[]): RecordIdRange[] {
  const jumps: RecordIdRange[] = [];
  let expected = expectedNext;
  for (const id of ids) {
    if (expected !== null && id > expected) jumps.push({ first: expected, last: id - 1 });
    if (expected === null || id + 1 > expected) expected = id + 1;
  }
  return jumps;
}
