import { Writable } from 'node:stream';
import { LineOutput } from '../src/line-output';

/** A stream that keeps what it is given; `slow` makes it ask for 'drain' after every write. */
function collector(options: { slow?: boolean; failAfter?: number } = {}) {
  const chunks: Buffer[] = [];
  let writes = 0;
  const stream = new Writable({
    highWaterMark: options.slow ? 1 : 16 * 1024 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      writes++;
      if (options.failAfter !== undefined && writes > options.failAfter) {
        callback(new Error('disk full'));
        return;
      }
      chunks.push(Buffer.from(chunk));
      if (options.slow) setImmediate(callback);
      else callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8'), writes: () => writes };
}

async function writeAll(out: LineOutput, lines: string[]): Promise<void> {
  for (const line of lines) {
    const waiting = out.line(line);
    if (waiting !== undefined) await waiting;
  }
}

describe('LineOutput (R-PERF-1: sysward evtx dump in bounded memory)', () => {
  const lines = Array.from({ length: 5000 }, (_, i) => `{"n":${i},"text":"${'é€😀x'.repeat(i % 97)}"}`);

  it('writes every line once, in order, each ending in a newline', async () => {
    const sink = collector();
    const out = new LineOutput(sink.stream);
    await writeAll(out, lines);
    await out.end();
    expect(sink.text()).toBe(lines.map((l) => `${l}\n`).join(''));
    // In chunks, not a write per line.
    expect(sink.writes()).toBeLessThan(lines.length / 10);
  });

  it('waits for a slow stream and still writes everything', async () => {
    const sink = collector({ slow: true });
    const out = new LineOutput(sink.stream);
    await writeAll(out, lines);
    await out.end();
    expect(sink.text()).toBe(lines.map((l) => `${l}\n`).join(''));
  });

  it('a line longer than a chunk goes out whole, between its neighbours', async () => {
    const sink = collector();
    const out = new LineOutput(sink.stream);
    const huge = 'h'.repeat(600 * 1024);
    await writeAll(out, ['before', huge, 'after']);
    await out.end();
    expect(sink.text()).toBe(`before\n${huge}\nafter\n`);
  });

  it('flush() hands over what is buffered so far', async () => {
    const sink = collector();
    const out = new LineOutput(sink.stream);
    await writeAll(out, ['one', 'two']);
    expect(sink.text()).toBe('');
    await out.flush();
    expect(sink.text()).toBe('one\ntwo\n');
  });

  it('a write error is not lost: end() rejects with it', async () => {
    const sink = collector({ failAfter: 0 });
    sink.stream.on('error', () => undefined);
    const out = new LineOutput(sink.stream);
    await writeAll(out, ['x']);
    await expect(out.end()).rejects.toThrow('disk full');
  });
});
