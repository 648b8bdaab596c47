/**
 * Which configuration schema a Sysmon binary accepts at most (BUG-17). Only pairs with
 * evidence are listed. A binary between two rows gets the lower row's maximum: that
 * may refuse a configuration the binary could take, never accept one it cannot.
 */
import { compareVersions, parseDottedVersion } from '../version/sysmon-version';
import { schemaNumber } from './schema/schema-catalog';

export type Evidence = 'observed' | 'reported' | 'inferred';

export interface BinarySchemaRow {
  /** First binary version the row applies to. */
  readonly fromVersion: string;
  readonly maxSchema: string;
  readonly evidence: Evidence;
  readonly source: string;
}

export const BINARY_SCHEMA_TABLE: readonly BinarySchemaRow[] = [
  {
    fromVersion: '5.02',
    maxSchema: '3.20',
    evidence: 'reported',
    source: 'FIELD-CASES BUG-17 (SwiftOnSecurity/sysmon-config#23): Sysmon 5.02 has schema 3.20',
  },
  {
    fromVersion: '6.03',
    maxSchema: '3.30',
    evidence: 'observed',
    source: 'corpus README: EID 4 of python-evtx__issue_43.evtx reports 6.03 / 3.30',
  },
  {
    fromVersion: '6.10',
    maxSchema: '3.40',
    evidence: 'observed',
    source: 'corpus README: the same log reports 6.10 / 3.40',
  },
  {
    fromVersion: '7.00',
    maxSchema: '4.00',
    evidence: 'reported',
    source: 'FIELD-CASES BUG-17: "When 7.0 required schema 4.00"',
  },
  {
    fromVersion: '10.40',
    maxSchema: '4.22',
    evidence: 'reported',
    source: 'O. Hartong, "Sysmon 10.4 release" (medium.com/olafhartong, 2019-09-06): schema 4.22',
  },
  {
    fromVersion: '14.00',
    maxSchema: '4.82',
    evidence: 'reported',
    source: 'FIELD-CASES BUG-18 (olafhartong/sysmon-modular#146): "Sysmon 14 (schema 4.82)"',
  },
  {
    fromVersion: '14.14',
    maxSchema: '4.83',
    evidence: 'observed',
    source: 'corpus README: EID 4 pair 4.83 = 14.14; BUG-17: "Sysmon 14 accepts at most 4.83"',
  },
  {
    fromVersion: '15.00',
    maxSchema: '4.90',
    evidence: 'observed',
    source:
      'corpus README: EID 4 pairs 4.90 = 15.11 and 15.15; windows-sysmon-s__schema4.90.xml is a 15.x "-s". ' +
      '15.00-15.10 inferred: 4.90 adds FileExecutableDetected (event 29), which 15.0 introduced',
  },
  {
    fromVersion: '15.16',
    maxSchema: '4.91',
    evidence: 'inferred',
    source:
      'windows-sysmon-s__schema4.91.xml is a 15.x "-s" and 15.15 still reports 4.90 (corpus EID 4): ' +
      '4.91 belongs to a later 15.x; which one is not pinned',
  },
];

/** The row for a binary, or null when it is older than anything we have evidence for. */
export function schemaRowFor(binaryVersion: string): BinarySchemaRow | null {
  if (!parseDottedVersion(binaryVersion)) return null;
  let row: BinarySchemaRow | null = null;
  for (const r of BINARY_SCHEMA_TABLE) if (compareVersions(r.fromVersion, binaryVersion) <= 0) row = r;
  return row;
}

/** Whether a binary takes a configuration of this schemaversion (R-INS-3, BUG-17). */
export function binaryAcceptsSchema(binaryVersion: string, schemaVersion: string): boolean {
  const row = schemaRowFor(binaryVersion);
  const wanted = schemaNumber(schemaVersion);
  return row !== null && wanted !== null && wanted <= (schemaNumber(row.maxSchema) as number);
}

/** The oldest binary with evidence that it takes this schemaversion (for tests and tooling). */
export function oldestBinaryAccepting(schemaVersion: string): BinarySchemaRow | null {
  const wanted = schemaNumber(schemaVersion);
  if (wanted === null) return null;
  return BINARY_SCHEMA_TABLE.find((r) => (schemaNumber(r.maxSchema) as number) >= wanted) ?? null;
}
