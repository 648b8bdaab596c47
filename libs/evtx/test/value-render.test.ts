import { renderArrayItems, renderScalar, type IssueSink } from '../src/binxml/value-render';
import { civilFromDays, formatFileTime, readSystemTime } from '../src/binxml/time-format';
import { decodeUtf16, splitUtf16Strings } from '../src/binxml/utf16';
import { filetimeOf, guidBytes, sidBytes } from './support/evtx-writer';

class Issues implements IssueSink {
  readonly messages: string[] = [];
  issue(message: string): void {
    this.messages.push(message);
  }
}

/** Renders `bytes` as a value of `type` placed at a non-zero offset (values live inside a chunk). */
function render(type: number, bytes: Buffer | number[]): { text: string; issues: string[] } {
  const data = Buffer.from(bytes);
  const buf = Buffer.concat([Buffer.from([0xee, 0xee, 0xee]), data, Buffer.from([0xee])]);
  const issues = new Issues();
  return { text: renderScalar(buf, 3, data.length, type, issues), issues: issues.messages };
}

function items(type: number, bytes: Buffer | number[]): { items: string[]; issues: string[] } {
  const data = Buffer.from(bytes);
  const issues = new Issues();
  return { items: renderArrayItems(data, 0, data.length, type, issues), issues: issues.messages };
}

function le(size: number, value: bigint): Buffer {
  const b = Buffer.alloc(size);
  if (size === 8) b.writeBigUInt64LE(BigInt.asUintN(64, value));
  else b.writeUIntLE(Number(BigInt.asUintN(size * 8, value)), 0, size);
  return b;
}

const clean = (text: string) => ({ text, issues: [] });

describe('BinXML value rendering, as Windows renders event XML', () => {
  it('null renders empty; strings are UTF-16LE without trailing NULs', () => {
    expect(render(0x00, [])).toEqual(clean(''));
    expect(render(0x01, Buffer.from('C:\\Windows\\cmd.exe\0\0', 'utf16le'))).toEqual(clean('C:\\Windows\\cmd.exe'));
    expect(render(0x01, [])).toEqual(clean(''));
  });

  it('ANSI strings decode byte by byte (python-evtx__dns_log_malformed names), trailing NUL dropped', () => {
    expect(render(0x02, [0x62, 0x2e, 0x40, 0xa6, 0x35, 0x00])).toEqual(clean('b.@\u00a65'));
  });

  it('signed and unsigned integers of every width render in decimal', () => {
    expect(render(0x03, [0xff])).toEqual(clean('-1'));
    expect(render(0x04, [0xff])).toEqual(clean('255'));
    expect(render(0x05, le(2, -2n))).toEqual(clean('-2'));
    expect(render(0x06, le(2, 65535n))).toEqual(clean('65535'));
    expect(render(0x07, le(4, -3n))).toEqual(clean('-3'));
    expect(render(0x08, le(4, 4294967295n))).toEqual(clean('4294967295'));
    expect(render(0x09, le(8, -4n))).toEqual(clean('-4'));
    expect(render(0x09, le(8, -9007199254740993n))).toEqual(clean('-9007199254740993'));
    expect(render(0x0a, le(8, 18446744073709551615n))).toEqual(clean('18446744073709551615'));
    expect(render(0x0a, le(8, 9007199254740993n))).toEqual(clean('9007199254740993'));
  });

  it('real32 and real64 render their shortest decimal form, infinities as Windows spells them', () => {
    const f = Buffer.alloc(4);
    f.writeFloatLE(0.1);
    expect(render(0x0b, f)).toEqual(clean('0.1'));
    const d = Buffer.alloc(8);
    d.writeDoubleLE(-2.5e-7);
    expect(render(0x0c, d)).toEqual(clean('-2.5e-7'));
    d.writeDoubleLE(Number.POSITIVE_INFINITY);
    expect(render(0x0c, d)).toEqual(clean('1.#INF'));
  });

  it('booleans are 4 bytes (Sysmon EID 3 Initiated/SourceIsIpv6): true/false, any non-zero is true', () => {
    expect(render(0x0d, [1, 0, 0, 0])).toEqual(clean('true'));
    expect(render(0x0d, [0, 0, 0, 0])).toEqual(clean('false'));
    expect(render(0x0d, [0, 0, 1, 0])).toEqual(clean('true'));
    // A 1-byte boolean is not what Windows writes: still read, but reported.
    const odd = render(0x0d, [1]);
    expect(odd.text).toBe('true');
    expect(odd.issues[0]).toMatch(/unexpected size/);
  });

  it('binary renders as upper-case hex', () => {
    expect(render(0x0e, [0xde, 0xad, 0xbe, 0xef, 0x01])).toEqual(clean('DEADBEEF01'));
  });

  it('GUIDs render upper-case in braces with the first three groups little-endian', () => {
    expect(render(0x0f, guidBytes('{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'))).toEqual(clean('{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'));
  });

  it('size_t renders as hex of 4 or 8 bytes; HexInt32/HexInt64 as minimal lower-case 0x… like Windows', () => {
    expect(render(0x10, le(8, 0x7ff6_1234_0000n))).toEqual(clean('0x7ff612340000'));
    expect(render(0x10, le(4, 0x10n))).toEqual(clean('0x10'));
    expect(render(0x14, le(4, 0x3e7n))).toEqual(clean('0x3e7'));
    expect(render(0x15, le(8, 0x8000000000000000n))).toEqual(clean('0x8000000000000000'));
    expect(render(0x15, le(8, 0x12becan))).toEqual(clean('0x12beca'));
    expect(render(0x15, le(8, 0x1_0000_0001n))).toEqual(clean('0x100000001'));
  });

  it('EvtHandle renders as hex; an unknown type renders its bytes and is reported', () => {
    expect(render(0x20, le(8, 0xabcn))).toEqual(clean('0xabc'));
    const unknown = render(0x1f, [1, 2]);
    expect(unknown.text).toBe('0102');
    expect(unknown.issues[0]).toMatch(/unknown value type/);
  });

  it('FILETIME renders ISO 8601 UTC with exactly 7 fractional digits (100 ns)', () => {
    expect(render(0x11, le(8, filetimeOf('2017-12-26T13:10:29.1368792Z')))).toEqual(clean('2017-12-26T13:10:29.1368792Z'));
    expect(render(0x11, le(8, filetimeOf('2024-02-29T23:59:59.9999999Z')))).toEqual(clean('2024-02-29T23:59:59.9999999Z'));
  });

  it('BUG-05: a zero FILETIME is 1601-01-01, an all-ones FILETIME is a field error with an empty value', () => {
    expect(render(0x11, le(8, 0n))).toEqual(clean('1601-01-01T00:00:00.0000000Z'));
    const bad = render(0x11, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(bad.text).toBe('');
    expect(bad.issues).toEqual([expect.stringMatching(/invalid FILETIME 0xffffffffffffffff at chunk offset 0x3/)]);
  });

  it('SYSTEMTIME renders at 100 ns; all zero is 1601-01-01; BUG-05 UTF-16 text bytes are a field error', () => {
    const st = (...fields: number[]) => Buffer.from(new Uint16Array(fields).buffer);
    expect(render(0x12, st(2019, 2, 6, 16, 10, 2, 21, 934))).toEqual(clean('2019-02-16T10:02:21.9340000Z'));
    expect(render(0x12, st(0, 0, 0, 0, 0, 0, 0, 0))).toEqual(clean('1601-01-01T00:00:00.0000000Z'));
    const garbage = render(0x12, st(0x49, 0x64, 0x65, 0x6e, 0x74, 0x69, 0x74, 0x79));
    expect(garbage.text).toBe('');
    expect(garbage.issues[0]).toMatch(/invalid SYSTEMTIME/);
    expect(render(0x12, st(2023, 2, 3, 29, 0, 0, 0, 0)).issues[0]).toMatch(/invalid SYSTEMTIME/);
  });

  it('SIDs render as S-R-A-S…, authorities of 2^32 and more in hex; an incomplete SID is a field error', () => {
    expect(render(0x13, sidBytes('S-1-5-21-1223297778-3299746493-1462173606-500'))).toEqual(
      clean('S-1-5-21-1223297778-3299746493-1462173606-500'),
    );
    expect(render(0x13, sidBytes('S-1-5-18'))).toEqual(clean('S-1-5-18'));
    const big = sidBytes('S-1-0-1');
    big.writeUIntBE(0x0100_0000_0000, 2, 6);
    expect(render(0x13, big)).toEqual(clean('S-1-0x010000000000-1'));
    const incomplete = render(0x13, sidBytes('S-1-5-21-1-2').subarray(0, 14));
    expect(incomplete.text).toBe('');
    expect(incomplete.issues[0]).toMatch(/incomplete SID/);
  });

  it('arrays (type | 0x80) split into items: strings at NULs, fixed-size types by width, SIDs by length', () => {
    expect(items(0x81, Buffer.from('a\0bc\0\0', 'utf16le'))).toEqual({ items: ['a', 'bc', ''], issues: [] });
    expect(items(0x81, Buffer.from('a\0b', 'utf16le'))).toEqual({ items: ['a', 'b'], issues: [] });
    expect(items(0x82, [0x61, 0x00, 0x62, 0x00])).toEqual({ items: ['a', 'b'], issues: [] });
    expect(items(0x86, [1, 0, 2, 0])).toEqual({ items: ['1', '2'], issues: [] });
    expect(items(0x8d, [1, 0, 0, 0, 0, 0, 0, 0])).toEqual({ items: ['true', 'false'], issues: [] });
    expect(items(0x8f, Buffer.concat([guidBytes('{00000000-0000-0000-0000-000000000001}'), guidBytes('{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}')]))).toEqual({
      items: ['{00000000-0000-0000-0000-000000000001}', '{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}'],
      issues: [],
    });
    expect(items(0x93, Buffer.concat([sidBytes('S-1-5-18'), sidBytes('S-1-5-32-544')]))).toEqual({ items: ['S-1-5-18', 'S-1-5-32-544'], issues: [] });
    expect(items(0x94, le(8, 0x0000_00ff_0000_0010n))).toEqual({ items: ['0x10', '0xff'], issues: [] });
    expect(items(0x91, Buffer.concat([le(8, 0n), le(8, filetimeOf('2020-01-01T00:00:00Z'))]))).toEqual({
      items: ['1601-01-01T00:00:00.0000000Z', '2020-01-01T00:00:00.0000000Z'],
      issues: [],
    });
  });

  it('an array whose size is not a multiple of its item size is reported, whole items still rendered', () => {
    const r = items(0x88, [1, 0, 0, 0, 9]);
    expect(r.items).toEqual(['1']);
    expect(r.issues[0]).toMatch(/not a multiple of 4/);
  });
});

describe('UTF-16 decoding (BUG-12, python-evtx__issue_43 record 508)', () => {
  const buf = (...units: number[]) => Buffer.from(new Uint16Array(units).buffer);

  it('turns a lone high or low surrogate into U+FFFD and keeps the rest', () => {
    expect(decodeUtf16(buf(0xd940, 0x0041), 0, 4)).toBe('\uFFFDA');
    expect(decodeUtf16(buf(0x0041, 0xdc00), 0, 4)).toBe('A\uFFFD');
  });

  it('keeps valid surrogate pairs and non-ASCII text exactly (converted once, never double-encoded)', () => {
    const s = 'Операционная система Microsoft® Windows® "C:\\Users\\<USER>\\桌面\\工具.exe" 😀';
    const b = Buffer.from(s, 'utf16le');
    expect(decodeUtf16(b, 0, b.length)).toBe(s);
    expect(Buffer.from(decodeUtf16(b, 0, b.length), 'utf8').toString('utf8')).toBe(s);
  });

  it('ignores an odd trailing byte instead of reading past the value', () => {
    expect(decodeUtf16(Buffer.from([0x41, 0x00, 0x42]), 0, 3)).toBe('A');
  });

  it('splits NUL-terminated string arrays, lone surrogates replaced per item', () => {
    expect(splitUtf16Strings(buf(0x61, 0, 0xd800, 0), 0, 8)).toEqual(['a', '\uFFFD']);
  });
});

describe('time arithmetic', () => {
  it('civil dates around leap days and the FILETIME epoch are right', () => {
    expect(civilFromDays(0)).toEqual({ year: 1970, month: 1, day: 1 });
    expect(civilFromDays(-134774)).toEqual({ year: 1601, month: 1, day: 1 });
    expect(civilFromDays(11016)).toEqual({ year: 2000, month: 2, day: 29 });
    expect(civilFromDays(19782)).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it('formats the largest FILETIME Windows accepts and rejects the next one', () => {
    expect(formatFileTime(0xffffffff, 0x7fffffff)).toBe('30828-09-14T02:48:05.4775807Z');
    expect(formatFileTime(0, 0x80000000)).toBeNull();
  });

  it('matches Date for many random FILETIMEs in 1970..2100 (exact 100 ns split)', () => {
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const ms = Math.floor((seed / 2147483648) * 4102444800000);
      const sub = seed % 10000;
      const ticks = BigInt(ms) * 10000n + BigInt(sub) + 116444736000000000n;
      const text = formatFileTime(Number(ticks & 0xffffffffn), Number(ticks >> 32n));
      const iso = new Date(ms).toISOString();
      expect(text).toBe(`${iso.slice(0, 19)}.${iso.slice(20, 23)}${String(sub).padStart(4, '0')}Z`);
    }
  });

  it('rejects SYSTEMTIME fields out of range but accepts the last millisecond of a leap year', () => {
    const st = (...f: number[]) => Buffer.from(new Uint16Array(f).buffer);
    expect(readSystemTime(st(2024, 12, 2, 31, 23, 59, 59, 999), 0)).toBe('2024-12-31T23:59:59.9990000Z');
    expect(readSystemTime(st(2024, 13, 0, 1, 0, 0, 0, 0), 0)).toBeNull();
    expect(readSystemTime(st(2024, 1, 0, 1, 24, 0, 0, 0), 0)).toBeNull();
    expect(readSystemTime(st(1600, 1, 0, 1, 0, 0, 0, 0), 0)).toBeNull();
  });
});
