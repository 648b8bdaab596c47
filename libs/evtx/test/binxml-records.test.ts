import { openEvtxBuffer, type EventRecord, type EvtxStats } from '../src';
import {
  ChunkWriter,
  eventTemplate,
  evtxFile,
  filetimeOf,
  opt,
  sub,
  systemValues,
  text,
  utf16,
  v,
  type Element,
  type Value,
} from './support/evtx-writer';

function read(file: Buffer): { records: EventRecord[]; stats: EvtxStats } {
  const reader = openEvtxBuffer(file);
  const records = [...reader.records()];
  return { records, stats: reader.stats };
}

function oneChunk(build: (w: ChunkWriter) => void): { records: EventRecord[]; stats: EvtxStats } {
  const w = new ChunkWriter();
  build(w);
  return read(evtxFile([w.finish()]));
}

const data = (name: string, index: number, type = 0x01): Element => ({ el: 'Data', attrs: [['Name', [text(name)]]], children: [sub(index, type)] });
const eventData = (...children: Element[]): Element => ({ el: 'EventData', children });

/** Sysmon EID 3 fields around the 4-byte booleans. */
const networkTemplate = eventTemplate([
  eventData(
    data('Image', 8),
    data('Initiated', 9, 0x0d),
    data('SourceIsIpv6', 10, 0x0d),
    data('SourceIp', 11),
    data('SourcePort', 12, 0x06),
    data('DestinationIsIpv6', 13, 0x0d),
    data('DestinationIp', 14),
  ),
]);

function networkValues(recordId: number, image: string): Value[] {
  return [...systemValues(recordId, 3), v.str(image), v.bool(true), v.bool(false), v.str('10.0.0.1'), v.u16(443), v.bool(true), v.str('fe80::1')];
}

describe('BinXML records: templates, substitutions and the EventRecord mapping (R-EV-3)', () => {
  it('maps System fields and named EventData; 4-byte booleans keep every later field aligned', () => {
    const { records, stats } = oneChunk((w) => w.event(1, networkTemplate, networkValues(41, 'C:\\Windows\\System32\\svchost.exe')));
    expect(stats.recordErrors.count).toBe(0);
    expect(records).toEqual([
      {
        recordId: 41,
        timeCreated: '2024-01-02T03:04:05.1234567Z',
        provider: { name: 'Microsoft-Windows-Sysmon', guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}', eventSourceName: null },
        channel: 'Microsoft-Windows-Sysmon/Operational',
        eventId: 3,
        qualifiers: null,
        version: 0,
        level: null,
        task: null,
        opcode: null,
        keywords: null,
        computer: 'HOST-01',
        processId: null,
        threadId: null,
        userSid: 'S-1-5-18',
        dataKind: 'EventData',
        eventData: {
          Image: 'C:\\Windows\\System32\\svchost.exe',
          Initiated: 'true',
          SourceIsIpv6: 'false',
          SourceIp: '10.0.0.1',
          SourcePort: '443',
          DestinationIsIpv6: 'true',
          DestinationIp: 'fe80::1',
        },
        flags: { recovered: false, partial: false, errors: [] },
      },
    ]);
  });

  it('reuses a template defined inline by an earlier record of the same chunk (templates cached per chunk)', () => {
    const other = eventTemplate([eventData(data('TargetObject', 8))]);
    const { records } = oneChunk((w) => {
      const ref = w.event(1, networkTemplate, networkValues(1, 'a.exe'));
      w.event(2, other, [...systemValues(2, 13), v.str('HKLM\\Software\\X')]);
      w.event(3, ref, networkValues(3, 'b.exe'));
      w.event(4, ref, networkValues(4, 'c.exe'));
    });
    expect(records.map((r) => [r.recordId, r.eventId, r.eventData.Image ?? r.eventData.TargetObject])).toEqual([
      [1, 3, 'a.exe'],
      [2, 13, 'HKLM\\Software\\X'],
      [3, 3, 'b.exe'],
      [4, 3, 'c.exe'],
    ]);
  });

  it('an optional substitution with a NULL value removes its attribute or element; a normal one renders empty', () => {
    const template = eventTemplate([eventData({ el: 'Data', attrs: [['Name', [text('Gone')]]], children: [opt(8)] }, data('Empty', 9))]);
    const { records } = oneChunk((w) => {
      const ref = w.event(1, template, [...systemValues(1, 7, { qualifiers: 16384 }), v.null(), v.null()]);
      w.event(2, ref, [...systemValues(2, 7), v.str('here'), v.str('')]);
    });
    expect(records[0].qualifiers).toBe(16384);
    expect(records[0].eventData).toEqual({ Empty: '' });
    expect(records[1].qualifiers).toBeNull();
    expect(records[1].eventData).toEqual({ Gone: 'here', Empty: '' });
  });

  it('unnamed <Data> become Data[0], Data[1]…, an array repeats the unnamed <Data> per item, <Binary> becomes Binary', () => {
    const template = eventTemplate([{ el: 'EventData', children: [{ el: 'Data', children: [sub(8)] }, { el: 'Data', children: [sub(9, 0x81)] }, { el: 'Binary', children: [sub(10, 0x0e)] }] }]);
    const { records } = oneChunk((w) => w.event(1, template, [...systemValues(1, 6005), v.str('first'), v.raw(0x81, utf16('x\0y\0')), v.raw(0x0e, [0xde, 0xad])]));
    expect(records[0].eventData).toEqual({ 'Data[0]': 'first', 'Data[1]': 'x', 'Data[2]': 'y', Binary: 'DEAD' });
  });

  it('a named <Data> holding an array keeps all items, joined with ", "', () => {
    const template = eventTemplate([eventData(data('Ports', 8, 0x86))]);
    const { records } = oneChunk((w) => w.event(1, template, [...systemValues(1), v.raw(0x86, [80, 0, 187, 1])]));
    expect(records[0].eventData).toEqual({ Ports: '80, 443' });
  });

  it('literal text, CDATA, character and entity references are resolved to text', () => {
    const template = eventTemplate([
      eventData({ el: 'Data', attrs: [['Name', [text('T')]]], children: [text('a'), { entity: 'amp' }, { cdata: '<c>' }, { charRef: 0x41 }, { entity: 'lt' }] }),
    ]);
    const { records } = oneChunk((w) => w.event(1, template, systemValues(1)));
    expect(records[0].eventData).toEqual({ T: 'a&<c>A<' });
  });

  it('UserData leaves are keyed by element path, attributes as path/@name, xmlns ignored; EventRecord.dataKind is UserData', () => {
    const template = eventTemplate([
      {
        el: 'UserData',
        children: [
          {
            el: 'LogFileCleared',
            attrs: [['xmlns', [text('http://manifests.microsoft.com/win/2004/08/windows/eventlog')]]],
            children: [
              { el: 'SubjectUserName', children: [sub(8)] },
              { el: 'Nested', children: [{ el: 'Leaf', children: [sub(9, 0x08)] }] },
              { el: 'Flag', attrs: [['value', [sub(10, 0x14)]]] },
              { el: 'Marker' },
            ],
          },
        ],
      },
    ]);
    const { records } = oneChunk((w) => w.event(1, template, [...systemValues(1, 104), v.str('<USER>'), v.u32(5), v.raw(0x14, [0xe7, 0x03, 0, 0])]));
    expect(records[0].dataKind).toBe('UserData');
    expect(records[0].eventData).toEqual({
      'LogFileCleared/SubjectUserName': '<USER>',
      'LogFileCleared/Nested/Leaf': '5',
      'LogFileCleared/Flag/@value': '0x3e7',
      'LogFileCleared/Marker': '',
    });
  });

  it('processing instructions and RenderingInfo carry no fields and do not disturb the rest', () => {
    const template = eventTemplate([
      { el: 'EventData', children: [{ pi: 'xml-stylesheet', data: 'href="x"' }, data('A', 8)] },
      { el: 'RenderingInfo', children: [{ el: 'Message', children: [text('hello')] }] },
    ]);
    const { records, stats } = oneChunk((w) => w.event(1, template, [...systemValues(1), v.str('a')]));
    expect(stats.recordErrors.count).toBe(0);
    expect(records[0].eventData).toEqual({ A: 'a' });
  });

  it('renders a record without template (plain elements with literal values)', () => {
    const { records } = oneChunk((w) =>
      w.record(9, (c) => {
        c.fragmentHeader();
        c.element({
          el: 'Event',
          children: [
            { el: 'System', children: [{ el: 'EventID', children: [text('42')] }, { el: 'Channel', children: [text('Application')] }] },
            eventData({ el: 'Data', attrs: [['Name', [text('k')]]], children: [text('literal')] }),
          ],
        });
      }),
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ recordId: 9, eventId: 42, channel: 'Application', eventData: { k: 'literal' } });
  });
});

describe('nested BinXML values (type 0x21; plaso#505, CAPI2)', () => {
  it('a BinXML value holding a template instance is rendered where it stands, under UserData', () => {
    const inner: Element = { el: 'Inner', children: [{ el: 'A', children: [sub(0)] }, { el: 'B', attrs: [['x', [sub(1, 0x08)]]] }] };
    const template = eventTemplate([{ el: 'UserData', children: [sub(8, 0x21)] }]);
    const nested = (a: string, x: number) =>
      v.binxml((w) => {
        w.fragmentHeader();
        w.templateInstance(inner, [v.str(a), v.u32(x)]);
        w.u8(0);
      });
    const { records } = oneChunk((w) => {
      const ref = w.event(1, template, [...systemValues(1, 80), nested('alpha', 7)]);
      w.event(2, ref, [...systemValues(2, 80), nested('beta', 8)]);
    });
    expect(records.map((r) => r.eventData)).toEqual([
      { 'Inner/A': 'alpha', 'Inner/B/@x': '7' },
      { 'Inner/A': 'beta', 'Inner/B/@x': '8' },
    ]);
  });

  it('a BinXML value starting directly with elements without dependency ids provides <Data> of EventData', () => {
    const template = eventTemplate([{ el: 'EventData', children: [sub(8, 0x21)] }]);
    const { records, stats } = oneChunk((w) =>
      w.event(1, template, [
        ...systemValues(1),
        v.binxml((c) => {
          c.omitDependencyId = true;
          c.element({ el: 'Data', attrs: [['Name', [text('X')]]], children: [text('lit')] });
          c.omitDependencyId = false;
        }),
      ]),
    );
    expect(stats.recordErrors.count).toBe(0);
    expect(records[0].eventData).toEqual({ X: 'lit' });
  });

  it('a BinXML value inside <Data> renders as its XML text', () => {
    const template = eventTemplate([eventData(data('Xml', 8, 0x21))]);
    const { records } = oneChunk((w) =>
      w.event(1, template, [
        ...systemValues(1),
        v.binxml((c) => {
          c.fragmentHeader();
          c.templateInstance({ el: 'Item', attrs: [['n', [sub(0)]]], children: [sub(1)] }, [v.str('a"b'), v.str('x<y')]);
          c.u8(0);
        }),
      ]),
    );
    expect(records[0].eventData).toEqual({ Xml: '<Item n="a&quot;b">x&lt;y</Item>' });
  });

  it('BUG-07: a substitution index past a nested instance\'s values: optional attribute absent, normal content empty, record partial, next record read', () => {
    const inner: Element = { el: 'Item', attrs: [['Name', [opt(4)]]], children: [{ el: 'Value', children: [sub(4)] }, { el: 'Kept', children: [sub(3)] }] };
    const template = eventTemplate([{ el: 'UserData', children: [sub(8, 0x21)] }]);
    const { records, stats } = oneChunk((w) => {
      w.event(1, template, [
        ...systemValues(1),
        v.binxml((c) => {
          c.fragmentHeader();
          c.templateInstance(inner, [v.str('0'), v.str('1'), v.str('2'), v.str('three')]);
          c.u8(0);
        }),
      ]);
      w.event(2, networkTemplate, networkValues(2, 'next.exe'));
    });
    expect(records).toHaveLength(2);
    expect(records[0].eventData).toEqual({ 'Item/Value': '', 'Item/Kept': 'three' });
    expect(records[0].flags.partial).toBe(true);
    expect(records[0].flags.errors).toEqual([
      'substitution index 4 is past the 4 values of the template instance',
      'substitution index 4 is past the 4 values of the template instance',
    ]);
    expect(records[1].eventData.Image).toBe('next.exe');
    expect(records[1].flags.partial).toBe(false);
    expect(stats.recordsPartial).toBe(1);
  });
});

describe('bad values never break a record (BUG-05, BUG-12, R-REL-2)', () => {
  it('BUG-05: all-ones TimeCreated gives null and a field error; zero gives 1601-01-01; other fields intact', () => {
    const { records } = oneChunk((w) => {
      const values = networkValues(1, 'a.exe');
      values[4] = v.filetime(0xffffffffffffffffn);
      const ref = w.event(1, networkTemplate, values);
      const zero = networkValues(2, 'b.exe');
      zero[4] = v.filetime(0n);
      w.event(2, ref, zero);
    }, );
    expect(records[0].timeCreated).toBeNull();
    expect(records[0].flags).toEqual({ recovered: false, partial: true, errors: [expect.stringMatching(/^invalid FILETIME 0xffffffffffffffff/)] });
    expect(records[0].eventData.Image).toBe('a.exe');
    expect(records[1].timeCreated).toBe('1601-01-01T00:00:00.0000000Z');
    expect(records[1].flags.partial).toBe(false);
  });

  it('a record header written-time of zero changes nothing', () => {
    const w = new ChunkWriter();
    w.record(
      1,
      (c) => {
        c.fragmentHeader();
        c.templateInstance(networkTemplate, networkValues(1, 'z.exe'));
      },
      0n,
    );
    const { records } = read(evtxFile([w.finish()]));
    expect(records[0]).toMatchObject({ recordId: 1, timeCreated: '2024-01-02T03:04:05.1234567Z', flags: { partial: false } });
  });

  it('BUG-12: non-ASCII and surrogate pairs come out exactly; a lone surrogate becomes U+FFFD', () => {
    const template = eventTemplate([eventData(data('Product', 8), data('CommandLine', 9), data('Garbage', 10))]);
    const product = 'Операционная система Microsoft® Windows®';
    const commandLine = '"C:\\Users\\<USER>\\桌面\\工具.exe" --name "x\\"y" 😀';
    const { records } = oneChunk((w) =>
      w.event(1, template, [...systemValues(1), v.str(product), v.str(commandLine), v.raw(0x01, [0x40, 0xd9, 0x1f, 0x5a, 0x52, 0x01])]),
    );
    expect(records[0].eventData).toEqual({ Product: product, CommandLine: commandLine, Garbage: '\uFFFD\u5a1f\u0152' });
  });

  it('a value running past the record end is dropped with a field error, the rest renders', () => {
    const w = new ChunkWriter();
    w.event(1, networkTemplate, networkValues(1, 'ok.exe'));
    const at = w.recordOffsets[0];
    const size = w.buf.readUInt32LE(at + 4);
    // Claim a huge size for the last value (DestinationIp) in the descriptor table.
    const valuesAt = w.buf.indexOf(Buffer.from([15, 0, 0, 0]), at + 24);
    w.buf.writeUInt16LE(0xfff0, valuesAt + 4 + 14 * 4);
    const { records } = read(evtxFile([w.finish()]));
    expect(records).toHaveLength(1);
    expect(records[0].eventData.DestinationIp).toBe('');
    expect(records[0].eventData.Image).toBe('ok.exe');
    expect(records[0].flags.errors[0]).toMatch(/substitution value 14 \(65520 bytes\) runs past the record end/);
    expect(size).toBeGreaterThan(0);
  });

  it('a record whose template offset points outside the chunk is counted with its offset, not yielded; the next record is read', () => {
    const w = new ChunkWriter();
    const ref = w.event(1, networkTemplate, networkValues(1, 'a.exe'));
    w.event(2, { offset: 0xfff8, id: 99 }, networkValues(2, 'lost.exe'));
    w.event(3, ref, networkValues(3, 'c.exe'));
    const { records, stats } = read(evtxFile([w.finish()]));
    expect(records.map((r) => r.recordId)).toEqual([1, 3]);
    expect(stats.recordErrors.count).toBe(1);
    expect(stats.recordErrors.first[0]).toMatchObject({ chunkIndex: 0, recordId: 2, fileOffset: 4096 + w.recordOffsets[1] });
    expect(stats.recordErrors.first[0].message).toMatch(/record 2: cannot render: .*template definition/);
  });

  it('an unknown BinXML token is a record error that names the token and the offset', () => {
    const w = new ChunkWriter();
    w.record(5, (c) => {
      c.fragmentHeader();
      c.u8(0x1e);
    });
    const { records, stats } = read(evtxFile([w.finish()]));
    expect(records).toHaveLength(0);
    expect(stats.recordErrors.first[0].message).toMatch(/unexpected BinXML token 0x1e \(chunk offset 0x21c\)/);
  });

  it('FILETIME values in EventData render at 100 ns', () => {
    const template = eventTemplate([eventData(data('StartTime', 8, 0x11))]);
    const { records } = oneChunk((w) => w.event(1, template, [...systemValues(1, 12), v.filetime(filetimeOf('2019-07-24T13:07:18.4999957Z'))]));
    expect(records[0].eventData).toEqual({ StartTime: '2019-07-24T13:07:18.4999957Z' });
  });
});
