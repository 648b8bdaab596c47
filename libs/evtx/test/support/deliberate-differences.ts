/**
 * Files where our record count deliberately differs from python-evtx (the
 * corpus' primary reference, `records_rendered`). Each entry says which
 * reference we agree with instead and which records are ours alone, and why.
 * The same list is in libs/evtx/README.md ("Deliberate differences").
 */
export interface DeliberateDifference {
  /** The reference whose record set (and per-event-id counts) we match. */
  follow: 'evtxexport' | 'none';
  /** Records we yield beyond that reference (by record id). */
  extraRecordIds: number[];
  /** When follow is 'none': the record count we yield. */
  records?: number;
  why: string;
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export const DELIBERATE_DIFFERENCES: Record<string, DeliberateDifference> = {
  'python-evtx__issue_43.evtx': {
    follow: 'evtxexport',
    extraRecordIds: [],
    why: 'record 508 (Sysmon EID 16) holds an unpaired UTF-16 surrogate; python-evtx raises, we render it with U+FFFD like evtxexport',
  },
  'python-evtx__dns_log_malformed.evtx': {
    follow: 'evtxexport',
    extraRecordIds: [],
    why: 'python-evtx fails on non-ASCII bytes in ANSI-string DNS names (4 of 5 records); we decode them (Latin-1) like evtxexport',
  },
  'omerbenamram-evtx__HelloForBusiness_Operational_incomplete_sid.evtx': {
    follow: 'evtxexport',
    extraRecordIds: [],
    why:
      'record 6 is torn (trailing size copy 0, its values zero-filled): its EventRecordID reads 0, not 6; python-evtx renders it as an event with id 0, ' +
      'we count it as a damaged record, as evtxexport drops it',
  },
  'omerbenamram-evtx__LanguagePackSetup_Operational_incomplete_template.evtx': {
    follow: 'evtxexport',
    extraRecordIds: [17],
    why:
      'record 17 is torn (trailing size copy 0) but its event data still carries EventRecordID 17; we yield it flagged partial ' +
      '(the upstream Rust test also counts 17 records); python-evtx fails on it, evtxexport drops it',
  },
  'omerbenamram-evtx__sample-with-zero-data-size-event.evtx': {
    follow: 'evtxexport',
    extraRecordIds: range(4, 117),
    why:
      'chunk 0 holds a record with size 0 (id 3) followed by 114 intact records (ids 4..117, inside the range the chunk header vouches for); ' +
      'both references stop at the bad record, we count it and resume at record 4 because the ids continue the sequence',
  },
  'omerbenamram-evtx__CAPI2_Operational_binxml_substitution_pi.evtx': {
    follow: 'none',
    extraRecordIds: [],
    records: 340,
    why:
      'BinXML values nested in substitutions plus a processing instruction: python-evtx renders none, evtxexport 24 then aborts; ' +
      'we render all 340 (the upstream Rust test asserts 340)',
  },
};
