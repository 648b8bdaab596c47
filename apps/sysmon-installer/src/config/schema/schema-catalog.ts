/**
 * Per schema version: the conditions, configuration options and rule elements (with
 * their fields) a Sysmon configuration may use. Built from the generated manifest
 * table plus two versions the corpus has no manifest for.
 */
import { GENERATED_SCHEMAS, NAME_LISTS } from './sysmon-schemas.generated';

export interface SchemaInfo {
  readonly version: string;
  /** Hundredths: "4.9" and "4.90" are both 490, "3.10" is 310 (before "3.2"). */
  readonly number: number;
  /** Where the names come from; "inferred" rows say from what. */
  readonly source: string;
  readonly conditions: readonly string[];
  readonly options: readonly string[];
  /** Rule element -> its fields (the union over the events sharing the rule name). */
  readonly events: ReadonlyMap<string, readonly string[]>;
}

export function schemaNumber(version: string): number | null {
  if (!/^\d+(?:\.\d{1,2})?$/.test(version.trim())) return null;
  return Math.round(parseFloat(version) * 100);
}

function fromGenerated(): SchemaInfo[] {
  return GENERATED_SCHEMAS.map((g) => ({
    version: g.version,
    number: schemaNumber(g.version) as number,
    source: g.source,
    conditions: NAME_LISTS[g.conditions],
    options: NAME_LISTS[g.options],
    events: new Map(Object.entries(g.events).map(([rule, list]) => [rule, NAME_LISTS[list]])),
  }));
}

/**
 * Sysmon 14 uses schemas 4.82 (14.0, BUG-18) and 4.83 (14.14, corpus EID 4); no manifest
 * of either is public in the corpus. They are 4.81 plus the rule elements Sysmon 14
 * introduced, with the field lists those elements have in 4.90: FileBlockExecutable
 * (event 27, Sysmon 14.0) in 4.82, and also FileBlockShredding (event 28) in 4.83. The
 * research config of sysmon-modular, declared 4.83, uses exactly these two.
 */
function inferSysmon14(known: readonly SchemaInfo[]): SchemaInfo[] {
  const base = known.find((s) => s.version === '4.81');
  const later = known.find((s) => s.version === '4.90');
  if (!base || !later) return [];
  const plus = (version: string, added: readonly string[]): SchemaInfo => {
    const events = new Map(base.events);
    for (const rule of added) {
      const fields = later.events.get(rule);
      if (fields) events.set(rule, fields);
    }
    return {
      version,
      number: schemaNumber(version) as number,
      source: `inferred: 4.81 + ${added.join(' + ')} as in 4.90`,
      conditions: base.conditions,
      options: base.options,
      events,
    };
  };
  return [plus('4.82', ['FileBlockExecutable']), plus('4.83', ['FileBlockExecutable', 'FileBlockShredding'])];
}

const generated = fromGenerated();
export const SCHEMAS: readonly SchemaInfo[] = [...generated, ...inferSysmon14(generated)].sort((a, b) => a.number - b.number);

/** The schema with exactly this number, else the newest older one (its names are a safe subset). */
export function schemaAtOrBelow(number: number): SchemaInfo | null {
  let found: SchemaInfo | null = null;
  for (const s of SCHEMAS) if (s.number <= number) found = s;
  return found;
}
