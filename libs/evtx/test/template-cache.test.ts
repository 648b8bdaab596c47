/**
 * Chunks define their templates again; the reader reuses a template parsed in an
 * earlier chunk only when the new definition means the same (R-PERF-2). Templates with
 * the same GUID and size but other names must still be read as written.
 */
import { openEvtxBuffer, type EventRecord } from '../src';
import { TemplateCache } from '../src/binxml/template-cache';
import { ChunkWriter, eventTemplate, evtxFile, sub, systemValues, text, v, type Element } from './support/evtx-writer';

const data = (name: string, index: number): Element => ({ el: 'Data', attrs: [['Name', [text(name)]]], children: [sub(index)] });
const template = (a: string, b: string): Element => eventTemplate([{ el: 'EventData', children: [data(a, 8), data(b, 9)] }]);

const values = (id: number) => [...systemValues(id), v.str(`image-${id}`), v.str(`user-${id}`)];

function chunk(build: (w: ChunkWriter) => void): Buffer {
  const w = new ChunkWriter();
  build(w);
  return w.finish();
}

function eventData(file: Buffer): EventRecord['eventData'][] {
  return [...openEvtxBuffer(file).records()].map((r) => r.eventData);
}

/** How many template definitions were taken from the cache while `read` ran. */
function reused(read: () => void): number {
  const find = jest.spyOn(TemplateCache.prototype, 'find');
  try {
    read();
    return find.mock.results.filter((r) => r.value !== null).length;
  } finally {
    find.mockRestore();
  }
}

describe('templates repeated across chunks (R-PERF-2)', () => {
  it('reuses an identical definition and reads a same-GUID, same-size, different one as written', () => {
    // Every chunk's first template gets the same GUID from the test writer.
    const file = evtxFile([
      chunk((w) => w.event(1, template('Image', 'User'), values(1))),
      chunk((w) => w.event(2, template('Imagf', 'Usex'), values(2))),
      chunk((w) => w.event(3, template('Image', 'User'), values(3))),
      chunk((w) => w.event(4, template('Image', 'User'), values(4))),
    ]);
    let records: EventRecord['eventData'][] = [];
    expect(reused(() => (records = eventData(file)))).toBe(1);
    expect(records).toEqual([
      { Image: 'image-1', User: 'user-1' },
      { Imagf: 'image-2', Usex: 'user-2' },
      { Image: 'image-3', User: 'user-3' },
      { Image: 'image-4', User: 'user-4' },
    ]);
  });

  it('compares names stored elsewhere in the chunk by their text', () => {
    // In the second chunk a first template stores the names, so the second one refers
    // back to them: other bytes, other offsets, same meaning.
    const file = evtxFile([
      chunk((w) => {
        w.event(1, template('Image', 'User'), values(1));
        w.event(2, template('Image', 'User'), values(2));
      }),
      chunk((w) => {
        w.event(3, template('User', 'Image'), values(3));
        w.event(4, template('Image', 'User'), values(4));
      }),
      chunk((w) => {
        w.event(5, template('User', 'Image'), values(5));
        w.event(6, template('Image', 'User'), values(6));
      }),
    ]);
    let records: EventRecord['eventData'][] = [];
    // Chunk 2's second template matches chunk 1's by name text; chunk 3 matches chunk 2 throughout.
    expect(reused(() => (records = eventData(file)))).toBe(3);
    expect(records).toEqual([
      { Image: 'image-1', User: 'user-1' },
      { Image: 'image-2', User: 'user-2' },
      { User: 'image-3', Image: 'user-3' },
      { Image: 'image-4', User: 'user-4' },
      { User: 'image-5', Image: 'user-5' },
      { Image: 'image-6', User: 'user-6' },
    ]);
  });
});
