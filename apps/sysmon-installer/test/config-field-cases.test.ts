import { binaryAcceptsSchema, BINARY_SCHEMA_TABLE, schemaRowFor, validateSysmonConfig, type ConfigIssue } from '../src';

function config(schema: string, filtering: string, options = ''): string {
  return `<Sysmon schemaversion="${schema}">\n${options}  <EventFiltering>\n${filtering}\n  </EventFiltering>\n</Sysmon>\n`;
}

function errors(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return issues.filter((i) => i.severity === 'error');
}

const MODERN_CONDITIONS = [
  'is', 'is not', 'contains', 'contains any', 'is any', 'contains all', 'excludes', 'excludes any', 'excludes all',
  'begin with', 'not begin with', 'end with', 'not end with', 'less than', 'more than', 'image',
];
const OLD_CONDITIONS = ['is', 'is not', 'contains', 'excludes', 'begin with', 'end with', 'less than', 'more than', 'image'];

describe('BUG-17: a configuration newer than the binary', () => {
  const fileCreate = '    <FileCreate onmatch="include"><TargetFilename condition="end with">.exe</TargetFilename></FileCreate>';

  it('(a) schemaversion 3.30 against Sysmon 5.02 (maximum 3.20) -> one precise error naming the limit', () => {
    const v = validateSysmonConfig(config('3.30', fileCreate), '5.02');
    expect(v.ok).toBe(false);
    expect(errors(v.issues)).toEqual([
      expect.objectContaining({ code: 'SCHEMA_TOO_NEW', line: 1, path: 'Sysmon', validSet: ['3.20'] }),
    ]);
    expect(errors(v.issues)[0].message).toMatch(/3\.30 is newer than Sysmon 5\.02 accepts \(at most 3\.20\)/);
    // The SysmonCommon 3.2 manifest already lists FileCreate; the schemaversion is what blocks this file.
    expect(v.checkedAgainst).toBe('3.2');
  });

  it('(b) a minimal 4.90 configuration against Sysmon 14.14 (maximum 4.83) is refused', () => {
    const v = validateSysmonConfig(config('4.90', fileCreate), '14.14');
    expect(errors(v.issues).map((i) => [i.code, i.validSet])).toEqual([['SCHEMA_TOO_NEW', ['4.83']]]);
  });

  it('(b) and against Sysmon 14.0 (4.82, BUG-18) as well', () => {
    expect(validateSysmonConfig(config('4.90', fileCreate), '14.0').ok).toBe(false);
  });

  it('(c) the same configuration against 15.x is accepted', () => {
    for (const version of ['15.0', '15.11', '15.15']) {
      const v = validateSysmonConfig(config('4.90', fileCreate), version);
      expect([version, v.ok, v.issues]).toEqual([version, true, []]);
    }
  });

  it('an event element the binary does not have is named with the valid set (ProcessTampering on 10.4)', () => {
    const v = validateSysmonConfig(config('4.22', '    <ProcessTampering onmatch="include"><Image condition="is">x</Image></ProcessTampering>'), '10.40');
    const [e] = errors(v.issues);
    expect(e).toMatchObject({ code: 'UNKNOWN_EVENT', line: 3, path: 'Sysmon/EventFiltering/ProcessTampering' });
    expect(e.validSet).toContain('ProcessCreate');
    expect(e.validSet).not.toContain('ProcessTampering');
  });

  it('FileBlockShredding needs 4.83 (Sysmon 14.14), FileExecutableDetected needs 4.90 (15.x)', () => {
    const shred = config('4.83', '    <FileBlockShredding onmatch="include"><Image condition="is">x</Image></FileBlockShredding>');
    expect(validateSysmonConfig(shred, '14.14').ok).toBe(true);
    expect(errors(validateSysmonConfig(shred, '14.0').issues).map((i) => i.code)).toEqual(['SCHEMA_TOO_NEW', 'UNKNOWN_EVENT']);
    const detected = config('4.83', '    <FileExecutableDetected onmatch="include"><Image condition="is">x</Image></FileExecutableDetected>');
    expect(errors(validateSysmonConfig(detected, '14.14').issues).map((i) => i.code)).toEqual(['UNKNOWN_EVENT']);
  });

  it('an unknown binary version is an error, not a guess', () => {
    expect(errors(validateSysmonConfig(config('3.30', fileCreate), '4.12').issues).map((i) => i.code)).toEqual(['BINARY_VERSION_UNKNOWN']);
  });

  it('a schemaversion with no manifest is checked against the one below it, with a warning', () => {
    const v = validateSysmonConfig(config('4.45', fileCreate), '15.15');
    expect(v.ok).toBe(true);
    expect(v.issues.map((i) => i.code)).toEqual(['SCHEMA_VERSION_UNLISTED']);
  });

  it('names the binary knows but the declared schema did not get a warning, not an error', () => {
    const v = validateSysmonConfig(config('4.60', '    <FileCreate onmatch="include"><User condition="is">NT AUTHORITY\\SYSTEM</User></FileCreate>'), '15.15');
    expect(v.ok).toBe(true);
    expect(v.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'NEWER_THAN_DECLARED', path: 'Sysmon/EventFiltering/FileCreate/User' })]);
  });
});

describe('BUG-18: invalid conditions', () => {
  const autorun = (condition: string) =>
    config(
      '4.60',
      [
        '    <RuleGroup name="" groupRelation="or">',
        '      <RegistryEvent onmatch="include">',
        `        <TargetObject name="T1547-autorun" condition="${condition}">HKLM\\Software\\Microsoft\\Command Processor\\Autorun</TargetObject>`,
        '      </RegistryEvent>',
        '    </RuleGroup>',
      ].join('\n'),
    );

  it.each([
    ['begin wi', 'begin with'],
    ['start with', 'begin with'],
    ['begin\u00a0with', 'begin with'],
    ['begin  with', 'begin with'],
    ['end', 'end with'],
  ])('"%s" is rejected with file position, element path, the valid set and the closest condition', (condition, suggestion) => {
    const v = validateSysmonConfig(autorun(condition), '14.14');
    expect(v.ok).toBe(false);
    const [e] = errors(v.issues);
    expect(e).toMatchObject({
      code: 'INVALID_CONDITION',
      line: 5,
      path: 'Sysmon/EventFiltering/RuleGroup/RegistryEvent/TargetObject',
      validSet: MODERN_CONDITIONS,
      suggestion,
    });
  });

  it('names a non-breaking space when there is one', () => {
    const [e] = errors(validateSysmonConfig(autorun('begin\u00a0with'), '14.14').issues);
    expect(e.message).toMatch(/non-breaking space/);
  });

  it('"Begin With": a case variant is accepted with a warning (decision documented in ADR 0602)', () => {
    const v = validateSysmonConfig(autorun('Begin With'), '14.14');
    expect(v.ok).toBe(true);
    expect(v.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'CONDITION_CASE', suggestion: 'begin with' })]);
  });

  it('the 8.00-era list (schema 4.1/4.2) is shorter: "contains any" is not in it', () => {
    const v = validateSysmonConfig(
      config('4.00', '    <ProcessCreate onmatch="include"><CommandLine condition="contains any">a;b</CommandLine></ProcessCreate>'),
      '7.00',
    );
    const [e] = errors(v.issues);
    expect(e).toMatchObject({ code: 'INVALID_CONDITION', validSet: OLD_CONDITIONS });
  });

  it('a field without a condition uses Sysmon\'s default "is"', () => {
    expect(validateSysmonConfig(config('4.90', '    <ProcessCreate onmatch="include"><Image>x.exe</Image></ProcessCreate>'), '15.15').issues).toEqual([]);
  });
});

describe('BUG-19: fields not valid for the event type', () => {
  it.each([
    [
      '(a) ParentImage in ImageLoad -> Image',
      '    <ImageLoad onmatch="include"><Rule groupRelation="and"><ImageLoaded condition="end with">.dll</ImageLoaded><ParentImage condition="is">C:\\Windows\\System32\\rundll32.exe</ParentImage></Rule></ImageLoad>',
      'Sysmon/EventFiltering/ImageLoad/Rule/ParentImage',
      'Image',
    ],
    [
      '(b) TargetImage in RegistryEvent -> TargetObject',
      '    <RegistryEvent onmatch="exclude"><TargetImage condition="begin with">HKLM\\SOFTWARE\\Example\\Key</TargetImage></RegistryEvent>',
      'Sysmon/EventFiltering/RegistryEvent/TargetImage',
      'TargetObject',
    ],
    [
      '(c) TargetFilename in ProcessAccess -> TargetImage',
      '    <ProcessAccess onmatch="include"><TargetFilename condition="contains">\\Downloads\\</TargetFilename></ProcessAccess>',
      'Sysmon/EventFiltering/ProcessAccess/TargetFilename',
      'TargetImage',
    ],
  ])('%s', (_name, filtering, path, suggestion) => {
    for (const binary of ['11.10', '13.21', '15.15']) {
      const v = validateSysmonConfig(config('4.22', filtering), binary);
      const [e] = errors(v.issues);
      expect([binary, e?.code, e?.path, e?.suggestion]).toEqual([binary, 'UNKNOWN_FIELD', path, suggestion]);
      expect(e.line).toBe(3);
      expect(e.validSet).toContain(suggestion);
      expect(e.message).toContain(`did you mean ${suggestion}?`);
    }
  });

  it('field names are exact: "image" is not "Image"', () => {
    const [e] = errors(validateSysmonConfig(config('4.90', '    <ProcessCreate onmatch="include"><image condition="is">x</image></ProcessCreate>'), '15.15').issues);
    expect(e).toMatchObject({ code: 'UNKNOWN_FIELD', suggestion: 'Image' });
  });
});

describe('validateSysmonConfig: structure and bad input (R-REL-2)', () => {
  it.each([
    ['not XML', 'this is not xml', 'XML_MALFORMED'],
    ['an unclosed element', '<Sysmon schemaversion="4.90">\n  <EventFiltering>\n</Sysmon>', 'XML_MALFORMED'],
    ['a DOCTYPE (entity expansion is never attempted)', '<!DOCTYPE x [<!ENTITY a "b">]><Sysmon schemaversion="4.90"/>', 'XML_MALFORMED'],
    ['an unknown entity', '<Sysmon schemaversion="4.90"><EventFiltering><ProcessCreate onmatch="include"><Image>&bogus;</Image></ProcessCreate></EventFiltering></Sysmon>', 'XML_MALFORMED'],
    ['another root element', '<Config schemaversion="4.90"/>', 'NOT_SYSMON_CONFIG'],
    ['no schemaversion', '<Sysmon><EventFiltering/></Sysmon>', 'SCHEMA_VERSION_MISSING'],
    ['a schemaversion that is not a number', '<Sysmon schemaversion="latest"/>', 'SCHEMA_VERSION_INVALID'],
    ['an unknown option', '<Sysmon schemaversion="4.90"><HashAlgorithm>sha256</HashAlgorithm></Sysmon>', 'UNKNOWN_OPTION'],
    ['a bad onmatch', '<Sysmon schemaversion="4.90"><EventFiltering><ProcessCreate onmatch="maybe"/></EventFiltering></Sysmon>', 'INVALID_ATTRIBUTE_VALUE'],
    ['a bad groupRelation', '<Sysmon schemaversion="4.90"><EventFiltering><RuleGroup groupRelation="xor"/></EventFiltering></Sysmon>', 'INVALID_ATTRIBUTE_VALUE'],
    ['an element inside a field', '<Sysmon schemaversion="4.90"><EventFiltering><ProcessCreate onmatch="include"><Image><b/></Image></ProcessCreate></EventFiltering></Sysmon>', 'UNEXPECTED_ELEMENT'],
  ])('%s -> %s', (_name, xml, code) => {
    const v = validateSysmonConfig(xml, '15.15');
    expect(v.ok).toBe(false);
    expect(errors(v.issues)[0].code).toBe(code);
  });

  it('reports the line and column of malformed XML', () => {
    const [e] = validateSysmonConfig('<Sysmon schemaversion="4.90">\n  <EventFiltering>\n    <ProcessCreate onmatch="include">\n  </EventFiltering>\n</Sysmon>', '15.15').issues;
    expect(e).toMatchObject({ code: 'XML_MALFORMED', line: 4, column: 3 });
    expect(e.message).toMatch(/does not close <ProcessCreate> \(line 3\)/);
  });

  it('suggests the option meant (HashAlgorithm -> HashAlgorithms)', () => {
    const [e] = validateSysmonConfig('<Sysmon schemaversion="4.90"><HashAlgorithm>sha256</HashAlgorithm></Sysmon>', '15.15').issues;
    expect(e.suggestion).toBe('HashAlgorithms');
  });

  it('indexes repeated siblings in the element path', () => {
    const xml = config('4.90', '    <RuleGroup groupRelation="or"><ProcessCreate onmatch="include"/></RuleGroup>\n    <RuleGroup groupRelation="or"><ImageLoad onmatch="include"><Parent condition="is">x</Parent></ImageLoad></RuleGroup>');
    expect(errors(validateSysmonConfig(xml, '15.15').issues)[0].path).toBe('Sysmon/EventFiltering/RuleGroup[2]/ImageLoad/Parent');
  });

  it('decodes entities and CDATA and tolerates a BOM and comments', () => {
    const xml = '\ufeff<?xml version="1.0"?>\n<!-- c -->\n<Sysmon schemaversion="4.90"><EventFiltering><ProcessCreate onmatch="include"><CommandLine condition="contains">&quot;a&amp;b&#x41;<![CDATA[<x>]]></CommandLine></ProcessCreate></EventFiltering></Sysmon>';
    expect(validateSysmonConfig(xml, '15.15')).toMatchObject({ ok: true, issues: [] });
  });
});

describe('binary -> maximum schema table (BUG-17)', () => {
  it.each([
    ['5.02', '3.20'],
    ['6.03', '3.30'],
    ['6.10', '3.40'],
    ['7.01', '4.00'],
    ['10.4', '4.22'],
    ['13.34', '4.22'],
    ['14.0', '4.82'],
    ['14.1', '4.82'],
    ['14.13', '4.82'],
    ['14.14', '4.83'],
    ['14.16', '4.83'],
    ['15.0', '4.90'],
    ['15.15', '4.90'],
    ['15.16', '4.91'],
  ])('Sysmon %s accepts at most %s', (binary, max) => {
    expect(schemaRowFor(binary)?.maxSchema).toBe(max);
  });

  it('every row cites its evidence, and the rows only ever go up', () => {
    for (const [i, row] of BINARY_SCHEMA_TABLE.entries()) {
      expect(row.source.length).toBeGreaterThan(20);
      if (i > 0) expect(parseFloat(row.maxSchema)).toBeGreaterThan(parseFloat(BINARY_SCHEMA_TABLE[i - 1].maxSchema));
    }
  });

  it('Sysmon 14 takes 4.83 only from 14.14 on (lower bound: may refuse, never accept wrongly)', () => {
    expect(binaryAcceptsSchema('14.14', '4.83')).toBe(true);
    expect(binaryAcceptsSchema('14.13', '4.83')).toBe(false);
    expect(binaryAcceptsSchema('14.14', '4.90')).toBe(false);
    expect(binaryAcceptsSchema('4.10', '3.0')).toBe(false);
  });
});
