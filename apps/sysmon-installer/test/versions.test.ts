import {
  canonicalVersion,
  compareVersions,
  formatOwnershipMarker,
  isKnownVulnerable,
  parseDottedVersion,
  parseOwnershipMarker,
  runsAsProtectedProcess,
} from '../src';

describe('Sysmon version numbers', () => {
  it.each([
    ['14.1', '14.11', -1],
    ['14.11', '14.13', -1],
    ['14.13', '14.2', -1],
    ['15.0', '14.16', 1],
    ['15.15', '15.15.0.0', 0],
    ['15.1', '15.10', 0],
    ['9.20', '10.4', -1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });

  it('spells versions canonically and refuses nonsense', () => {
    expect(canonicalVersion('14.1')).toBe('14.10');
    expect(canonicalVersion('15.15.0.0')).toBe('15.15');
    expect(parseDottedVersion('v15')).toBeNull();
    expect(parseDottedVersion('15.123')).toBeNull();
  });

  it.each([
    ['14.10', true, 'CVE-2022-41120'],
    ['14.11', true, 'CVE-2022-44704'],
    ['14.12', true, 'CVE-2022-44704'],
    ['14.13', false, 'fixed'],
    ['15.15', false, 'current'],
  ])('%s known-vulnerable: %s (%s, STACK-NOTES)', (version, vulnerable) => {
    expect(isKnownVulnerable(version)).toBe(vulnerable);
  });

  it('15.0 and later run as a protected process (BUG-20)', () => {
    expect(runsAsProtectedProcess('14.16')).toBe(false);
    expect(runsAsProtectedProcess('15.0')).toBe(true);
  });
});

describe('ownership marker (R-INS-1)', () => {
  it('round-trips and rejects anything else', () => {
    expect(parseOwnershipMarker(formatOwnershipMarker('agent-0001'))).toBe('agent-0001');
    expect(parseOwnershipMarker(null)).toBeNull();
    expect(parseOwnershipMarker('sysward-owner/1 id=x')).toBeNull();
    expect(parseOwnershipMarker('Sysmon')).toBeNull();
    expect(() => formatOwnershipMarker('bad id with spaces')).toThrow(RangeError);
  });
});
