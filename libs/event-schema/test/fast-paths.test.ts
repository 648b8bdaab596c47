/**
 * The normaliser's fast paths may only skip work: whatever they accept, the general
 * parsers must give the same value with no issue. Inputs are the spellings Sysmon and
 * the other producers write, their near misses, and seeded random strings.
 */
import { convertField, type FieldKind } from '../src/field-kinds';
import { fastConvert, fastIpv4, NOT_FAST } from '../src/fast-field';
import { int64, longToBigInt, parseIpAddress, parseUtcDateTime } from '../src';
import { int64FromMillis, INT64_FROM_MILLIS_LIMIT } from '../src/long-values';
import { parseCommonUtcDateTime } from '../src/parse/date-time';
import { isCanonicalGuid } from '../src/parse/guid';

function seeded(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

const SAMPLES = [
  '', '-', ' ', '0', '00', '007', '1', '42', '65535', '65536', '4294967295', '4294967296', '999999999', '123456789012345',
  '1234567890123456', '18446744073709551615', '-1', '+1', '1.5', '1e3', ' 1', '１２', 'true', 'false', 'True', 'FALSE',
  '0x0', '0x', '0X1F', '0x3e7', '0x00000000000003e7', `0x${'0'.repeat(31)}1`, `0x${'0'.repeat(32)}1`, '0x1fffffffffffff',
  '0xffffffffffffffff', '0x1ffffffffffffffff', '0xFFFFFFFF', '0x100000000', '0xg',
  '{94F748D5-4A45-5A42-0000-0010D265F20F}', '{94f748d5-4a45-5a42-0000-0010d265f20f}', '94F748D5-4A45-5A42-0000-0010D265F20F',
  '{94F748D5-4A45-5A42-0000-0010D265F20G}', '{94F748D5+4A45-5A42-0000-0010D265F20F}',
  '2017-12-26 13:10:29.134', '2017-12-26T13:10:29.1368792Z', '2017-12-26 13:10:29', '2017-12-26T13:10:29.136879200Z',
  '2017-02-29 00:00:00.000', '2016-02-29 23:59:59.999', '2100-02-29 00:00:00.000', '2017-13-01 00:00:00.000',
  '1969-12-31 23:59:59.999', '1970-01-01 00:00:00.000', '2100-12-31 23:59:59.999', '2101-01-01 00:00:00.000',
  '2017-12-26 24:00:00.000', '2017-12-26 13:60:00.000', '2017-12-26 13:10:60.000', '2017-12-26x13:10:29.134',
  '2017-12-26 13:10:29.134Z', '1601-01-01T00:00:00.0000000Z', '2017-12-26T13:10:29.1368792z',
  '192.168.1.1', '0.0.0.0', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '1..2.3', '::1', 'fe80::1%12',
  'System', 'High', 'Medium', 'Low', 'Untrusted', 'AppContainer', 'system', 'Mandatory Label', 'NT AUTHORITY\\SYSTEM',
  'SHA1=849B8DFAF9159AFDC14D514B2243D4D5BA2FF9A4', 'DOMAIN\\user{x}', 'text\ud800', 'pair\ud83d\ude00', 'ünïcödé',
];

const KINDS: FieldKind[] = ['text', 'user', 'integrityLevel', 'guid', 'uint32', 'uint64', 'hexUint32', 'hexUint64', 'bool', 'port', 'utcTime'];

function randomText(next: () => number): string {
  const alphabet = '0123456789abcdefABCDEFxX-:. T{}Z=\\';
  const base = SAMPLES[Math.floor(next() * SAMPLES.length)];
  const chars = [...base];
  const edits = Math.floor(next() * 3);
  for (let i = 0; i < edits && chars.length > 0; i++) chars[Math.floor(next() * chars.length)] = alphabet[Math.floor(next() * alphabet.length)];
  return chars.join('');
}

describe('R-PERF-2: fast paths agree with the general parsers', () => {
  const next = seeded(20261203);
  const inputs = [...SAMPLES, ...Array.from({ length: 20000 }, () => randomText(next))];

  it.each(KINDS)('fastConvert(%s) = convertField without issues, whenever it answers', (kind) => {
    for (const raw of inputs) {
      const fast = fastConvert(kind, raw);
      if (fast === NOT_FAST) continue;
      const general = convertField(kind, raw);
      expect({ raw, issues: general.issues }).toEqual({ raw, issues: [] });
      expect({ raw, value: fast }).toEqual({ raw, value: general.value });
    }
  });

  it('fastIpv4 = parseIpAddress, whenever it answers', () => {
    for (const raw of inputs) {
      const bytes = fastIpv4(raw);
      if (bytes === null) continue;
      expect({ raw, parsed: parseIpAddress(raw) }).toEqual({ raw, parsed: { kind: 'value', value: { bytes, text: raw } } });
    }
  });

  it('parseCommonUtcDateTime = parseUtcDateTime, whenever it answers', () => {
    const out = { millis: 0, subMilliNanos: 0 };
    for (const raw of inputs) {
      if (!parseCommonUtcDateTime(raw, out)) continue;
      expect({ raw, nanos: BigInt(out.millis) * 1_000_000n + BigInt(out.subMilliNanos) }).toEqual({ raw, nanos: (parseUtcDateTime(raw) as { value: bigint }).value });
    }
  });

  it('isCanonicalGuid = the upper-case braced pattern', () => {
    const pattern = /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/;
    for (const raw of inputs) expect({ raw, canonical: isCanonicalGuid(raw) }).toEqual({ raw, canonical: pattern.test(raw) });
  });

  it('int64FromMillis = int64 of the exact nanoseconds', () => {
    const edges = [0, 1, 2097151, 2097152, 2 ** 32, 2 ** 41, INT64_FROM_MILLIS_LIMIT - 1];
    const millis = [...edges, ...Array.from({ length: 20000 }, () => Math.floor(next() * INT64_FROM_MILLIS_LIMIT))];
    for (const m of millis) {
      for (const sub of [0, 1, 999_999, Math.floor(next() * 1_000_000)]) {
        const nanos = BigInt(m) * 1_000_000n + BigInt(sub);
        expect(longToBigInt(int64FromMillis(m, sub))).toBe(nanos);
        expect(int64FromMillis(m, sub)).toEqual(int64(nanos));
      }
    }
  });
});
