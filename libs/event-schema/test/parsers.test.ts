import {
  canonicalSystemTime,
  formatSystemTime,
  parseBoolean,
  parseDecimalUInt32,
  parseDecimalUInt64,
  parseGuid,
  parseHashes,
  parseHexUInt32,
  parseHexUInt64,
  parseIpAddress,
  parsePort,
  parseRegistryDetails,
  parseUtcDateTime,
} from '../src';

const SHA1 = 'CE8E487CB76704FE5FBB821A78A1E969EFBE71F9';
const MD5 = 'A27A24553B2C36E139647F88DF738C35';
const SHA256 = '8F16A431C919A0AA7C9466EC1CDC1E721F30EB5C8182835585A1B74ABECB1920';
const IMPHASH = '0EB64EACA8C951D760EEA1A941A2A3F7';

describe('parseHashes (BUG-11, R-EV-3: Hashes parsed into algorithm -> hex)', () => {
  it.each<[string, string, Record<string, string>, string[]]>([
    [
      'all four algorithms, upper-case hex',
      `SHA1=${SHA1},MD5=${MD5},SHA256=${SHA256},IMPHASH=${IMPHASH}`,
      { SHA1: SHA1.toLowerCase(), MD5: MD5.toLowerCase(), SHA256: SHA256.toLowerCase(), IMPHASH: IMPHASH.toLowerCase() },
      [],
    ],
    ['order does not matter', `SHA256=${SHA256},MD5=${MD5}`, { MD5: MD5.toLowerCase(), SHA256: SHA256.toLowerCase() }, []],
    ['lower-case algorithm name and hex', `sha256=${SHA256.toLowerCase()}`, { SHA256: SHA256.toLowerCase() }, []],
    ['all-zero IMPHASH means no import table: unset', 'IMPHASH=00000000000000000000000000000000', {}, []],
    ['all-zero IMPHASH beside a real hash', `MD5=${MD5},IMPHASH=00000000000000000000000000000000`, { MD5: MD5.toLowerCase() }, []],
    ['"-" means no hashes', '-', {}, []],
    ['empty means no hashes', '', {}, []],
    ['an unknown algorithm is kept under its own key', `SHA384=${'AB'.repeat(48)},MD5=${MD5}`, { SHA384: 'ab'.repeat(48), MD5: MD5.toLowerCase() }, []],
    ['a segment without = is reported, the rest kept', `MD5=${MD5},garbage,SHA1=${SHA1}`, { MD5: MD5.toLowerCase(), SHA1: SHA1.toLowerCase() }, ['garbage']],
    ['a non-hex hash is reported', `MD5=${MD5},SHA1=not-hex`, { MD5: MD5.toLowerCase() }, ['SHA1=not-hex']],
    ['a known algorithm with the wrong length is reported', `MD5=ABCD,SHA1=${SHA1}`, { SHA1: SHA1.toLowerCase() }, ['MD5=ABCD']],
    ['a conflicting second value is reported, the first kept', `MD5=${MD5},MD5=${'0'.repeat(31)}1`, { MD5: MD5.toLowerCase() }, [`MD5=${'0'.repeat(31)}1`]],
    ['a repeated identical value is not a problem', `MD5=${MD5},md5=${MD5.toLowerCase()}`, { MD5: MD5.toLowerCase() }, []],
    ['spaces around segments and a trailing comma are tolerated', ` MD5=${MD5} , SHA1=${SHA1},`, { MD5: MD5.toLowerCase(), SHA1: SHA1.toLowerCase() }, []],
  ])('%s', (_title, text, hashes, badSegments) => {
    const parsed = parseHashes(text);
    expect(parsed.hashes).toEqual(hashes);
    expect(parsed.badSegments.map((b) => b.segment)).toEqual(badSegments);
    for (const b of parsed.badSegments) expect(b.reason).not.toBe('');
  });
});

describe('parseIpAddress (R-EV-3: IPs parsed as addresses)', () => {
  it.each<[string, string, number[]]>([
    ['192.0.2.10', '192.0.2.10', [192, 0, 2, 10]],
    ['0.0.0.0', '0.0.0.0', [0, 0, 0, 0]],
    ['255.255.255.255', '255.255.255.255', [255, 255, 255, 255]],
    ['::1', '::1', [...Array(15).fill(0), 1]],
    ['::', '::', Array(16).fill(0)],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', [0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 1]],
    ['2001:0db8:0000:0001:0000:0000:0000:0001', '2001:db8:0:1::1', [0x20, 1, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', [0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]],
    ['2001:db8:1:1:1:1:0:1', '2001:db8:1:1:1:1:0:1', [0x20, 1, 0x0d, 0xb8, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1]],
    ['fe80:0:0:0:1c2b:3c4d:5e6f:7081%12', 'fe80::1c2b:3c4d:5e6f:7081%12', [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x1c, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x70, 0x81]],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1', [...Array(10).fill(0), 0xff, 0xff, 192, 0, 2, 1]],
    ['0:0:0:0:0:FFFF:C000:0201', '::ffff:192.0.2.1', [...Array(10).fill(0), 0xff, 0xff, 192, 0, 2, 1]],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221', [0, 0x64, 0xff, 0x9b, ...Array(8).fill(0), 192, 0, 2, 33]],
  ])('%s -> %s', (text, canonical, bytes) => {
    const parsed = parseIpAddress(text);
    expect(parsed).toEqual({ kind: 'value', value: { text: canonical, bytes: new Uint8Array(bytes) } });
  });

  it.each(['', '-'])('%j is no address', (text) => {
    expect(parseIpAddress(text)).toEqual({ kind: 'none' });
  });

  it.each(['256.0.0.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', 'host.example', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'fe80::1%', 'fe80::1% 1', ':1:2:3:4:5:6:7', '1:2:3:4:5:6:7', 'g::1'])(
    '%j is invalid',
    (text) => {
      const parsed = parseIpAddress(text);
      expect(parsed.kind).toBe('invalid');
    },
  );
});

describe('parsePort (R-EV-3: ports as integers)', () => {
  it.each<[string, object]>([
    ['443', { kind: 'value', value: 443 }],
    ['0', { kind: 'value', value: 0 }],
    ['65535', { kind: 'value', value: 65535 }],
    ['', { kind: 'none' }],
    ['-', { kind: 'none' }],
    ['65536', { kind: 'invalid', reason: 'port out of range 0..65535' }],
    ['https', { kind: 'invalid', reason: 'not a decimal port number' }],
    ['-1', { kind: 'invalid', reason: 'not a decimal port number' }],
  ])('%j', (text, expected) => {
    expect(parsePort(text)).toEqual(expected);
  });
});

describe('parseBoolean (R-EV-3)', () => {
  it.each<[string, string]>([
    ['true', 'value:true'],
    ['True', 'value:true'],
    ['TRUE', 'value:true'],
    ['false', 'value:false'],
    ['False', 'value:false'],
    ['', 'none'],
    ['-', 'none'],
    ['1', 'invalid'],
    ['yes', 'invalid'],
  ])('%j -> %s', (text, expected) => {
    const parsed = parseBoolean(text);
    expect(parsed.kind === 'value' ? `value:${parsed.value}` : parsed.kind).toBe(expected);
  });
});

describe('integers: LogonId both spellings (BUG-08), ProcessId, GrantedAccess', () => {
  it.each<[string, string]>([
    ['0x3e7', 'value:999'],
    ['0x00000000000003e7', 'value:999'],
    ['0x12beca', 'value:1228490'],
    ['0x000000000012beca', 'value:1228490'],
    ['0X12BECA', 'value:1228490'],
    ['0xffffffffffffffff', 'value:18446744073709551615'],
    ['0x10000000000000000', 'invalid'],
    ['999', 'invalid'],
    ['0x', 'invalid'],
    ['', 'none'],
    ['-', 'none'],
  ])('parseHexUInt64(%j) -> %s', (text, expected) => {
    const parsed = parseHexUInt64(text);
    expect(parsed.kind === 'value' ? `value:${parsed.value}` : parsed.kind).toBe(expected);
  });

  it.each<[string, string]>([
    ['0x1410', 'value:5136'],
    ['0x001fffff', 'value:2097151'],
    ['0xffffffff', 'value:4294967295'],
    ['0x100000000', 'invalid'],
    ['1410', 'invalid'],
  ])('parseHexUInt32(%j) -> %s', (text, expected) => {
    const parsed = parseHexUInt32(text);
    expect(parsed.kind === 'value' ? `value:${parsed.value}` : parsed.kind).toBe(expected);
  });

  it.each<[string, string]>([
    ['4280', 'value:4280'],
    ['0', 'value:0'],
    ['4294967295', 'value:4294967295'],
    ['4294967296', 'invalid'],
    ['-1', 'invalid'],
    ['0x10', 'invalid'],
    ['12a', 'invalid'],
    ['', 'none'],
  ])('parseDecimalUInt32(%j) -> %s', (text, expected) => {
    const parsed = parseDecimalUInt32(text);
    expect(parsed.kind === 'value' ? `value:${parsed.value}` : parsed.kind).toBe(expected);
  });

  it('parseDecimalUInt64 keeps every digit of values above 2^53', () => {
    expect(parseDecimalUInt64('18446744073709551615')).toEqual({ kind: 'value', value: 18446744073709551615n });
    expect(parseDecimalUInt64('18446744073709551616').kind).toBe('invalid');
  });
});

describe('parseRegistryDetails (R-EV-3: EID 13 Details typed)', () => {
  it.each<[string, object]>([
    ['DWORD (0x00000001)', { kind: 'dword', value: 1 }],
    ['DWORD (0xFFFFFFFF)', { kind: 'dword', value: 0xffffffff }],
    ['QWORD (0x00000000-0x00000001)', { kind: 'qword', value: 1n }],
    ['QWORD (0x00000001-0x00000000)', { kind: 'qword', value: 1n << 32n }],
    ['QWORD (0xFFFFFFFF-0xFFFFFFFF)', { kind: 'qword', value: (1n << 64n) - 1n }],
    ['Binary Data', { kind: 'binaryData' }],
    ['(Empty)', { kind: 'empty' }],
    ['%%SystemRoot%%\\Minidump', { kind: 'text', value: '%%SystemRoot%%\\Minidump' }],
    ['DWORD (0x1)', { kind: 'text', value: 'DWORD (0x1)' }],
    ['value ending in a newline\n', { kind: 'text', value: 'value ending in a newline\n' }],
    ['', { kind: 'text', value: '' }],
  ])('%j', (text, expected) => {
    expect(parseRegistryDetails(text)).toEqual(expected);
  });
});

describe('date-times: Sysmon UtcTime and System/TimeCreated (R-EV-3: UTC, at least microseconds)', () => {
  it.each<[string, bigint]>([
    ['2017-12-26 13:10:29.134', 1514293829134000000n],
    ['2017-12-26T13:10:29.1368792Z', 1514293829136879200n],
    ['2017-12-26T13:10:29.136879200Z', 1514293829136879200n],
    ['2017-12-26 13:10:29.136879', 1514293829136879000n],
    ['2017-12-26T13:10:29Z', 1514293829000000000n],
    ['1601-01-01T00:00:00.0000000Z', -11644473600000000000n],
    ['2024-02-29 23:59:59.999', 1709251199999000000n],
  ])('%s', (text, nanos) => {
    expect(parseUtcDateTime(text)).toEqual({ kind: 'value', value: nanos });
  });

  it.each(['2017-13-01 00:00:00.000', '2023-02-29 00:00:00.000', '2017-12-26 24:00:00.000', '2017-12-26 13:60:00', '1600-12-31 23:59:59', '2017-12-26', '2017-12-26 13:10:29.1234567890', 'yesterday'])(
    '%j is invalid',
    (text) => {
      expect(parseUtcDateTime(text).kind).toBe('invalid');
    },
  );

  it.each<[bigint, string]>([
    [1514293829136879200n, '2017-12-26T13:10:29.1368792Z'],
    [0n, '1970-01-01T00:00:00.0000000Z'],
    [-1n * 100n, '1969-12-31T23:59:59.9999999Z'],
    [-11644473600000000000n, '1601-01-01T00:00:00.0000000Z'],
  ])('formatSystemTime(%s) = %s', (nanos, iso) => {
    expect(formatSystemTime(nanos)).toBe(iso);
  });

  it('canonicalSystemTime spells every accepted form with 7 digits', () => {
    expect(canonicalSystemTime('2017-12-26T13:10:29.136879200Z')).toBe('2017-12-26T13:10:29.1368792Z');
    expect(canonicalSystemTime('2017-12-26 13:10:29.136879')).toBe('2017-12-26T13:10:29.1368790Z');
    expect(canonicalSystemTime('garbage')).toBeNull();
  });
});

describe('parseGuid (R-EV-3: GUIDs upper-case, braced)', () => {
  it.each<[string, string]>([
    ['{94f748d5-4a45-5a42-0000-0010d265f20f}', 'value:{94F748D5-4A45-5A42-0000-0010D265F20F}'],
    ['{94F748D5-4A45-5A42-0000-0010D265F20F}', 'value:{94F748D5-4A45-5A42-0000-0010D265F20F}'],
    ['94f748d5-4a45-5a42-0000-0010d265f20f', 'value:{94F748D5-4A45-5A42-0000-0010D265F20F}'],
    ['{94f748d5-4a45-5a42-0000-0010d265f20f', 'invalid'],
    ['{94f748d5-4a45-5a42-0000-0010d265f20}', 'invalid'],
    ['0x3e7', 'invalid'],
    ['', 'none'],
    ['-', 'none'],
  ])('%j -> %s', (text, expected) => {
    const parsed = parseGuid(text);
    expect(parsed.kind === 'value' ? `value:${parsed.value}` : parsed.kind).toBe(expected);
  });
});
