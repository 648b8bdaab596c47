/**
 * Integer System values (EventID, Version, Level, EventRecordID, Execution ids …) are
 * taken from their bytes without a round trip through text; whatever the bytes, the
 * EventRecord must be what reading them as text gives (R-EV-3).
 */
import { openEvtxBuffer, type EventRecord } from '../src';
import { ChunkWriter, evtxFile, sub, text, v, type Element, type Value } from './support/evtx-writer';

function readOne(template: Element, values: Value[]): EventRecord {
  const w = new ChunkWriter();
  w.event(7, template, values);
  const [record] = [...openEvtxBuffer(evtxFile([w.finish()])).records()];
  return record;
}

const system = (...children: Element[]): Element => ({ el: 'Event', children: [{ el: 'System', children }] });

describe('System integers (R-EV-3)', () => {
  it('reads every integer type and width', () => {
    const record = readOne(
      system(
        { el: 'EventID', children: [sub(0, 0x06)] },
        { el: 'Version', children: [sub(1, 0x04)] },
        { el: 'Level', children: [sub(2, 0x03)] },
        { el: 'Task', children: [sub(3, 0x05)] },
        { el: 'Opcode', children: [sub(4, 0x07)] },
        { el: 'EventRecordID', children: [sub(5, 0x0a)] },
        { el: 'Execution', attrs: [['ProcessID', [sub(6, 0x08)]], ['ThreadID', [sub(7, 0x08)]]] },
      ),
      [
        v.u16(65535),
        v.u8(255),
        v.raw(0x03, [0xfe]), // int8 -2
        v.raw(0x05, [0xff, 0xff]), // int16 -1
        v.raw(0x07, [0xff, 0xff, 0xff, 0xff]), // int32 -1
        v.u64(2n ** 53n - 1n),
        v.u32(4294967295),
        v.u32(0),
      ],
    );
    expect([record.eventId, record.version, record.level, record.task, record.opcode, record.recordId, record.processId, record.threadId]).toEqual([
      65535, 255, -2, -1, -1, 2 ** 53 - 1, 4294967295, 0,
    ]);
    expect(record.flags).toEqual({ recovered: false, partial: false, errors: [] });
  });

  it('a record id of 2^53 or more is read as its decimal text would be', () => {
    const record = readOne(system({ el: 'EventRecordID', children: [sub(0, 0x0a)] }), [v.u64(2n ** 60n + 1n)]);
    expect(record.recordId).toBe(Number(`${2n ** 60n + 1n}`));
  });

  it('a field given twice is joined as text and so is not an integer, whichever value came first', () => {
    const twice = readOne(
      system({ el: 'EventID', children: [sub(0, 0x06)] }, { el: 'EventID', children: [text('2')] }),
      [v.u16(1)],
    );
    expect(twice.eventId).toBe(0);
    expect(twice.flags.errors).toEqual(['EventID is not an integer: "1, 2"']);
    const textFirst = readOne(
      system({ el: 'Level', children: [text('4')] }, { el: 'Level', children: [sub(0, 0x04)] }),
      [v.u8(5)],
    );
    expect(textFirst.level).toBeNull();
    expect(textFirst.flags.errors).toEqual(['Level is not an integer: "4, 5"']);
  });

  it('a value of the wrong size or a non-integer type is read as text', () => {
    const record = readOne(
      system({ el: 'EventID', children: [sub(0, 0x06)] }, { el: 'Level', children: [sub(1)] }, { el: 'Task', children: [sub(2, 0x08)] }),
      [v.raw(0x06, [1, 0, 0, 0]), v.str('4'), v.raw(0x08, [])],
    );
    // A UInt16 of 4 bytes is read from its first two, with an issue; an empty UInt32 is no value.
    expect([record.eventId, record.level, record.task]).toEqual([1, 4, null]);
    expect(record.flags.partial).toBe(true);
    expect(record.flags.errors).toHaveLength(1);
  });
});
