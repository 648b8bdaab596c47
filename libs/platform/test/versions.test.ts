import { compareOsBuilds, compareVersions, formatOsBuild, parseOsBuild } from '../src';

describe('dotted versions (R-INS-7 picks the newest release)', () => {
  it.each([
    ['15.15', '15.2', 1],
    ['15.2', '15.15', -1],
    ['15.15', '15.15.0.0', 0],
    ['14.13', '14.11', 1],
    ['9.1', '10.0', -1],
  ])('%s vs %s', (a, b, sign) => expect(Math.sign(compareVersions(a, b))).toBe(sign));
  it.each(['', 'v15', '15.', '1.2.3.4.5', '15.x'])('%j is INVALID_ARGUMENT', (v) => expect(() => compareVersions(v, '1')).toThrow(/INVALID_ARGUMENT/));
});

describe('OS builds (R-INS-3 compares against the oldest supported)', () => {
  it('parses, formats and compares', () => {
    const a = parseOsBuild('10.0.22631.2861');
    expect(a).toEqual({ major: 10, minor: 0, build: 22631, ubr: 2861 });
    expect(formatOsBuild(parseOsBuild('6.1.7601'))).toBe('6.1.7601.0');
    expect(compareOsBuilds(a, parseOsBuild('10.0.26100'))).toBeLessThan(0);
    expect(compareOsBuilds(parseOsBuild('10.0.17763.100'), parseOsBuild('10.0.17763.99'))).toBeGreaterThan(0);
  });
  it.each(['10', '10.0', 'ten.0.1', '10.0.1.2.3'])('%j is INVALID_ARGUMENT', (v) => expect(() => parseOsBuild(v)).toThrow(/INVALID_ARGUMENT/));
});
