/**
 * BUG-08: an event rendered against another Sysmon version's manifest by position
 * has its values under the wrong names (Hashes under IntegrityLevel, a GUID under
 * User, ...). Mapping by name is immune when the record carries its own names (both
 * the .evtx reader and EvtRender do), so a shift can only come from a producer that
 * renders by position. It shows as values that fit another field, or as several
 * typed fields that all fail to parse at once.
 */
import { IssueCategory } from './field-kinds';

/** How many type mismatches in one event make a shift likely rather than one bad value. */
export const SHIFT_TYPE_MISMATCH_THRESHOLD = 2;

export function detectFieldShift(categories: readonly IssueCategory[]): boolean {
  let mismatches = 0;
  for (const c of categories) {
    if (c === 'foreign-shape') return true;
    if (c === 'type-mismatch') mismatches++;
  }
  return mismatches >= SHIFT_TYPE_MISMATCH_THRESHOLD;
}
