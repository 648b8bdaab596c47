/**
 * Every real configuration of the shared corpus against the binaries that should take
 * it, and the MIT-licensed copies in test/fixtures without the corpus.
 *
 * Finding: sysmon-modular's merged configuration of 2021-04-24 (schema 4.50) contains
 * `<Image condition="end">rundll32.exe</Image>` at line 480, a truncated "end with"
 * of the BUG-18 kind. Sysmon refuses unknown conditions, so that file cannot have
 * loaded as published; the validator reports it rather than pretending it is valid.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeWithCorpus } from '../../../tools/testing/corpus';
import { oldestBinaryAccepting, validateSysmonConfig, type ConfigValidation } from '../src';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require('../scripts/generate-sysmon-schemas.js') as { render(dir: string): string; target: string };

const NEWEST_BINARY = '15.16';

/** Known findings, by file: everything else must have no error at all. */
const EXPECTED_ERRORS: Readonly<Record<string, readonly { code: string; line: number; suggestion?: string }[]>> = {
  'sysmon-modular__sysmonconfig__schema4.50__2021-04-24.xml': [{ code: 'INVALID_CONDITION', line: 480, suggestion: 'end with' }],
};

function declaredSchema(xml: string): string {
  const m = /<Sysmon\s+schemaversion="([^"]+)"/.exec(xml);
  if (!m) throw new Error('no schemaversion');
  return m[1];
}

function check(file: string, xml: string, binary: string): ConfigValidation {
  const v = validateSysmonConfig(xml, binary);
  const errors = v.issues.filter((i) => i.severity === 'error').map((i) => ({ code: i.code, line: i.line, suggestion: i.suggestion }));
  const expected = (EXPECTED_ERRORS[file] ?? []).map((e) => expect.objectContaining(e));
  expect({ file, binary, errors }).toEqual({ file, binary, errors: expected });
  return v;
}

function configsIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
}

describeWithCorpus('every corpus configuration (BUG-17/18/19)', (corpus) => {
  const dir = path.join(corpus, 'sysmon-config');
  const files = configsIn(dir);

  it('finds the 17 configurations the corpus README lists', () => {
    expect(files).toHaveLength(17);
  });

  it.each(files.map((f) => [f]))('%s is valid for its own schemaversion (oldest binary that takes it) and for the newest binary', (file) => {
    const xml = fs.readFileSync(path.join(dir, file), 'utf8');
    const schema = declaredSchema(xml);
    const oldest = oldestBinaryAccepting(schema);
    expect(oldest).not.toBeNull();
    const v = check(file, xml, oldest?.fromVersion ?? '');
    expect(v.declaredSchema).toBe(schema);
    check(file, xml, NEWEST_BINARY);
  });

  it('none of them loads on a binary older than its schemaversion (BUG-17)', () => {
    for (const file of files) {
      const xml = fs.readFileSync(path.join(dir, file), 'utf8');
      if (parseFloat(declaredSchema(xml)) <= 3.3) continue;
      const codes = validateSysmonConfig(xml, '6.03').issues.map((i) => i.code);
      expect([file, codes.includes('SCHEMA_TOO_NEW')]).toEqual([file, true]);
    }
  });

  it('the committed schema table is what the generator makes from the corpus (not stale)', () => {
    const fresh = generator.render(path.join(corpus, 'sysmon-schema'));
    expect(fs.readFileSync(generator.target, 'utf8')).toBe(fresh);
  });
});

describe('MIT configurations copied into test/fixtures (run without the corpus)', () => {
  const dir = path.join(__dirname, 'fixtures', 'sysmon-config');

  it.each(configsIn(dir).map((f) => [f]))('%s', (file) => {
    const xml = fs.readFileSync(path.join(dir, file), 'utf8');
    const oldest = oldestBinaryAccepting(declaredSchema(xml));
    check(file, xml, oldest?.fromVersion ?? '');
  });

  it('the 4.50 file\'s bad condition is reported with its element path and the valid set', () => {
    const xml = fs.readFileSync(path.join(dir, 'sysmon-modular__sysmonconfig__schema4.50__2021-04-24.xml'), 'utf8');
    const [e] = validateSysmonConfig(xml, '14.14').issues.filter((i) => i.severity === 'error');
    expect(e.path).toMatch(/^Sysmon\/EventFiltering\/RuleGroup\[\d+\]\/ImageLoad\/Rule\[\d+\]\/Image$/);
    expect(e.validSet).toContain('end with');
  });

  it('the 4.83 research configuration needs Sysmon 14.14: 14.13 (4.82) refuses it', () => {
    const xml = fs.readFileSync(path.join(dir, 'sysmon-modular__sysmonconfig-research__schema4.83.xml'), 'utf8');
    expect(validateSysmonConfig(xml, '14.14').ok).toBe(true);
    expect(validateSysmonConfig(xml, '14.13').ok).toBe(false);
  });
});
