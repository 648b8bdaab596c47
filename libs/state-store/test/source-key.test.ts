import { canonicalSourceKey, isStateStoreError } from '../src';
import { matchSourceKeys } from '../src/source-key';
import { SYSMON } from './support';

describe('BUG-14: canonical source keys', () => {
  it('channel names that differ only in case or surrounding blanks share one key', () => {
    expect(canonicalSourceKey(SYSMON)).toBe('microsoft-windows-sysmon/operational');
    expect(canonicalSourceKey(' microsoft-windows-SYSMON/operational\t')).toBe(canonicalSourceKey(SYSMON));
    expect(canonicalSourceKey('System')).not.toBe(canonicalSourceKey(SYSMON));
  });

  it('Unicode spellings are normalised (NFC) before comparing', () => {
    expect(canonicalSourceKey('Caf\u00e9/Operational')).toBe(canonicalSourceKey('CAFE\u0301/Operational'));
  });

  it('R-REL-2: an empty, blank or non-string name is refused with INVALID_ARGUMENT', () => {
    for (const bad of ['', '   ', 42 as unknown as string]) {
      let thrown: unknown;
      try {
        canonicalSourceKey(bad);
      } catch (error) {
        thrown = error;
      }
      expect(isStateStoreError(thrown, 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  it('stored rows are matched to the subscribed sources; the rest are listed as unmatched, none when no list is given', () => {
    const rows = [
      { key: 'microsoft-windows-sysmon/operational', source: 'microsoft-windows-sysmon/operational' },
      { key: 'wineventlog', source: 'wineventlog' },
    ];
    const match = matchSourceKeys(rows, [SYSMON]);
    expect(match.unmatched).toEqual(['wineventlog']);
    expect(match.displayNameOf('microsoft-windows-sysmon/operational')).toBe(SYSMON);
    expect(match.displayNameOf('wineventlog')).toBeUndefined();
    expect(matchSourceKeys(rows, undefined).unmatched).toEqual([]);
    expect(matchSourceKeys(rows, []).unmatched).toEqual(['microsoft-windows-sysmon/operational', 'wineventlog']);
  });
});
