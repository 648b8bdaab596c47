/**
 * Checks a Sysmon configuration against the binary that will load it, before Sysmon
 * ever sees it (BUG-17, BUG-18, BUG-19, R-REL-2). Every problem carries the line,
 * the element path and the set of valid names, so an operator can fix it without
 * running Sysmon.
 *
 * What is checked against what:
 * - schemaversion against the binary's maximum (binary-schema-table.ts); never raised.
 * - rule elements, fields, conditions and options against the schema the binary
 *   implements: that is what decides whether the file loads.
 * - names that the binary knows but the declared schemaversion does not get a
 *   warning: the file loads, but its author wrote for a schema without them.
 * Conditions match exactly; a case variant ("Contains") is a warning, not an error:
 * sysmon-modular ships "Contains" in its 4.90 configurations, which are deployed
 * widely, so Sysmon evidently accepts it. Any other spelling is an error: a
 * truncated word ("begin wi") or a non-breaking space is rejected by Sysmon.
 * Field names match exactly (case included): every configuration in the corpus
 * spells them exactly, and an unknown field silently disables its rule.
 */
import { schemaRowFor, BINARY_SCHEMA_TABLE } from './binary-schema-table';
import { closestName } from './closest-name';
import { schemaAtOrBelow, schemaNumber, type SchemaInfo } from './schema/schema-catalog';
import { ConfigXmlError, parseConfigXml, type ConfigElement, type Position } from './xml/config-xml';

export type ConfigIssueCode =
  | 'XML_MALFORMED'
  | 'NOT_SYSMON_CONFIG'
  | 'SCHEMA_VERSION_MISSING'
  | 'SCHEMA_VERSION_INVALID'
  | 'SCHEMA_TOO_NEW'
  | 'SCHEMA_VERSION_UNLISTED'
  | 'BINARY_VERSION_UNKNOWN'
  | 'UNKNOWN_OPTION'
  | 'UNKNOWN_EVENT'
  | 'UNKNOWN_FIELD'
  | 'INVALID_CONDITION'
  | 'CONDITION_CASE'
  | 'INVALID_ATTRIBUTE_VALUE'
  | 'UNEXPECTED_ELEMENT'
  | 'NEWER_THAN_DECLARED';

export interface ConfigIssue {
  readonly severity: 'error' | 'warning';
  readonly code: ConfigIssueCode;
  readonly line: number;
  readonly column: number;
  /** Element path from the root, e.g. Sysmon/EventFiltering/RuleGroup[2]/ImageLoad/Rule/ParentImage. */
  readonly path: string;
  readonly message: string;
  /** The names that would have been valid here. */
  readonly validSet?: readonly string[];
  /** The valid name closest to what was written. */
  readonly suggestion?: string;
}

export interface ConfigValidation {
  /** No errors (warnings allowed). */
  readonly ok: boolean;
  readonly declaredSchema: string | null;
  /** The schema the binary implements, which the names were checked against. */
  readonly checkedAgainst: string | null;
  readonly issues: readonly ConfigIssue[];
}

const GROUP_RELATIONS = ['and', 'or'];
const ON_MATCH = ['include', 'exclude'];

class Checker {
  readonly issues: ConfigIssue[] = [];

  constructor(
    private readonly binary: SchemaInfo,
    private readonly declared: SchemaInfo | null,
    private readonly binaryVersion: string,
  ) {}

  issue(severity: ConfigIssue['severity'], code: ConfigIssueCode, at: Position, path: string, message: string, extra: Partial<ConfigIssue> = {}): void {
    this.issues.push({ severity, code, line: at.line, column: at.column, path, message, ...extra });
  }

  /** A name the binary knows; warn if the declared schema did not have it. */
  private newerThanDeclared(at: Position, path: string, what: string, inDeclared: boolean): void {
    if (this.declared && !inDeclared) {
      this.issue('warning', 'NEWER_THAN_DECLARED', at, path, `${what} is not part of schema ${this.declared.version} that the file declares; Sysmon ${this.binaryVersion} (schema ${this.binary.version}) knows it`);
    }
  }

  root(root: ConfigElement): void {
    const options = this.binary.options;
    for (const [child, path] of childPaths(root, 'Sysmon')) {
      if (child.name === 'EventFiltering') {
        this.filtering(child, path);
      } else if (options.includes(child.name)) {
        this.newerThanDeclared(child, path, `option <${child.name}>`, this.declared?.options.includes(child.name) ?? true);
      } else {
        const valid = ['EventFiltering', ...options];
        this.issue('error', 'UNKNOWN_OPTION', child, path, `<${child.name}> is not a configuration option of schema ${this.binary.version}`, {
          validSet: valid,
          suggestion: closestName(child.name, valid) ?? undefined,
        });
      }
    }
  }

  private filtering(element: ConfigElement, path: string): void {
    for (const [child, childPath] of childPaths(element, path)) {
      if (child.name === 'RuleGroup') {
        this.relation(child, childPath, 'groupRelation');
        for (const [event, eventPath] of childPaths(child, childPath)) this.event(event, eventPath);
      } else {
        this.event(child, childPath);
      }
    }
  }

  private event(element: ConfigElement, path: string): void {
    const fields = this.binary.events.get(element.name);
    if (!fields) {
      const valid = [...this.binary.events.keys()];
      this.issue('error', 'UNKNOWN_EVENT', element, path, `<${element.name}> is not a rule element of schema ${this.binary.version} (Sysmon ${this.binaryVersion})`, {
        validSet: valid,
        suggestion: closestName(element.name, valid) ?? undefined,
      });
      return;
    }
    const declaredFields = this.declared?.events.get(element.name);
    this.newerThanDeclared(element, path, `<${element.name}>`, declaredFields !== undefined || this.declared === null);
    this.enumAttribute(element, path, 'onmatch', ON_MATCH);
    for (const [child, childPath] of childPaths(element, path)) {
      if (child.name === 'Rule') {
        this.relation(child, childPath, 'groupRelation');
        for (const [field, fieldPath] of childPaths(child, childPath)) this.field(field, fieldPath, element.name, fields, declaredFields);
      } else {
        this.field(child, childPath, element.name, fields, declaredFields);
      }
    }
  }

  private field(element: ConfigElement, path: string, event: string, fields: readonly string[], declaredFields: readonly string[] | undefined): void {
    if (!fields.includes(element.name)) {
      const suggestion = closestName(element.name, fields);
      this.issue('error', 'UNKNOWN_FIELD', element, path, `${element.name} is not a field of ${event}${suggestion ? `; did you mean ${suggestion}?` : ''} (a rule on it never matches, BUG-19)`, {
        validSet: fields,
        suggestion: suggestion ?? undefined,
      });
    } else if (declaredFields) {
      this.newerThanDeclared(element, path, `${event}/${element.name}`, declaredFields.includes(element.name));
    }
    for (const [child, childPath] of childPaths(element, path)) {
      this.issue('error', 'UNEXPECTED_ELEMENT', child, childPath, `a field holds a value, not <${child.name}>`);
    }
    this.condition(element, path);
  }

  private condition(element: ConfigElement, path: string): void {
    const attr = element.attributes.find((a) => a.name === 'condition');
    if (!attr) return; // Sysmon's default condition is "is".
    const valid = this.binary.conditions;
    if (valid.includes(attr.value)) {
      this.newerThanDeclared(attr, path, `condition "${attr.value}"`, this.declared?.conditions.includes(attr.value) ?? true);
      return;
    }
    const caseVariant = valid.find((c) => c.toLowerCase() === attr.value.toLowerCase());
    if (caseVariant) {
      this.issue('warning', 'CONDITION_CASE', attr, path, `condition "${attr.value}" is spelled "${caseVariant}" in the schema`, { suggestion: caseVariant });
      return;
    }
    const oddSpace = /[^\S ]|\u00a0/.test(attr.value) ? ' (it contains a non-breaking space or other unusual whitespace)' : '';
    const suggestion = closestName(attr.value.replace(/\s+/g, ' '), valid);
    this.issue('error', 'INVALID_CONDITION', attr, path, `"${attr.value}" is not a condition of schema ${this.binary.version}${oddSpace}`, {
      validSet: valid,
      suggestion: suggestion ?? undefined,
    });
  }

  private relation(element: ConfigElement, path: string, name: string): void {
    this.enumAttribute(element, path, name, GROUP_RELATIONS);
  }

  private enumAttribute(element: ConfigElement, path: string, name: string, valid: readonly string[]): void {
    const attr = element.attributes.find((a) => a.name === name);
    if (!attr || valid.includes(attr.value)) return;
    if (valid.includes(attr.value.toLowerCase())) {
      this.issue('warning', 'INVALID_ATTRIBUTE_VALUE', attr, path, `${name}="${attr.value}" is spelled "${attr.value.toLowerCase()}" in the schema`, {
        validSet: valid,
        suggestion: attr.value.toLowerCase(),
      });
      return;
    }
    this.issue('error', 'INVALID_ATTRIBUTE_VALUE', attr, path, `${name}="${attr.value}" is not valid`, { validSet: valid });
  }
}

/** Children with their paths; an index is added where a name repeats among siblings. */
function childPaths(element: ConfigElement, path: string): [ConfigElement, string][] {
  const counts = new Map<string, number>();
  for (const c of element.children) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  return element.children.map((c) => {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    return [c, `${path}/${c.name}${(counts.get(c.name) ?? 0) > 1 ? `[${n}]` : ''}`];
  });
}

function single(issue: ConfigIssue, declaredSchema: string | null = null): ConfigValidation {
  return { ok: issue.severity !== 'error', declaredSchema, checkedAgainst: null, issues: [issue] };
}

export function validateSysmonConfig(xmlText: string, targetBinaryVersion: string): ConfigValidation {
  let root: ConfigElement;
  try {
    root = parseConfigXml(xmlText);
  } catch (e) {
    if (!(e instanceof ConfigXmlError)) throw e;
    return single({ severity: 'error', code: 'XML_MALFORMED', line: e.line, column: e.column, path: '', message: e.message });
  }
  if (root.name !== 'Sysmon') {
    return single({ severity: 'error', code: 'NOT_SYSMON_CONFIG', line: root.line, column: root.column, path: root.name, message: `the root element is <${root.name}>, not <Sysmon>` });
  }
  const declaredText = root.attributes.find((a) => a.name === 'schemaversion')?.value ?? null;
  const at = { line: root.line, column: root.column };
  if (declaredText === null) {
    return single({ severity: 'error', code: 'SCHEMA_VERSION_MISSING', ...at, path: 'Sysmon', message: '<Sysmon> has no schemaversion attribute' });
  }
  const declaredNumber = schemaNumber(declaredText);
  if (declaredNumber === null) {
    return single({ severity: 'error', code: 'SCHEMA_VERSION_INVALID', ...at, path: 'Sysmon', message: `schemaversion "${declaredText}" is not a number like 4.90` }, declaredText);
  }
  const row = schemaRowFor(targetBinaryVersion);
  if (!row) {
    return single(
      {
        severity: 'error',
        code: 'BINARY_VERSION_UNKNOWN',
        ...at,
        path: 'Sysmon',
        message: `no schema is known for Sysmon ${targetBinaryVersion}`,
        validSet: BINARY_SCHEMA_TABLE.map((r) => `${r.fromVersion}+`),
      },
      declaredText,
    );
  }
  const maxNumber = schemaNumber(row.maxSchema) as number;
  const binarySchema = schemaAtOrBelow(maxNumber) as SchemaInfo;
  const declared = schemaAtOrBelow(Math.min(declaredNumber, maxNumber));
  const checker = new Checker(binarySchema, declared, targetBinaryVersion);
  if (declaredNumber > maxNumber) {
    checker.issue('error', 'SCHEMA_TOO_NEW', at, 'Sysmon', `schemaversion ${declaredText} is newer than Sysmon ${targetBinaryVersion} accepts (at most ${row.maxSchema}); the schemaversion is never raised or lowered automatically`, {
      validSet: [row.maxSchema],
    });
  } else if (declared && declared.number !== declaredNumber) {
    checker.issue('warning', 'SCHEMA_VERSION_UNLISTED', at, 'Sysmon', `no manifest of schema ${declaredText} is known; checked against ${declared.version}`);
  }
  checker.root(root);
  const issues = checker.issues;
  return { ok: !issues.some((i) => i.severity === 'error'), declaredSchema: declaredText, checkedAgainst: binarySchema.version, issues };
}
