import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NdjsonFileSink, SinkOwnershipError, listNdjsonFiles } from '../src/sinks/ndjson-file-sink';

const render = (payload: Uint8Array): string => JSON.stringify({ text: Buffer.from(payload).toString('utf8') });
const item = (seq: number, text: string) => ({ seq, key: `k${seq}`, payload: Buffer.from(text, 'utf8') });

describe('NdjsonFileSink (R-MON-6 file sink, R-REL-1 crash leaves valid NDJSON)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sink-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes one JSON object per line, keeping non-ASCII text exact (BUG-12)', async () => {
    const sink = new NdjsonFileSink({ dir, maxFileBytes: 1 << 20, render });
    await sink.deliver([item(1, 'Операционная система Microsoft® Windows®'), item(2, 'C:\\Users\\u\\桌面\\工具.exe 😀')]);
    await sink.close();
    const lines = fs.readFileSync(listNdjsonFiles(dir)[0], 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).text)).toEqual(['Операционная система Microsoft® Windows®', 'C:\\Users\\u\\桌面\\工具.exe 😀']);
  });

  it('rotates to a new numbered file once the size limit is reached', async () => {
    const sink = new NdjsonFileSink({ dir, maxFileBytes: 64, render });
    for (let i = 0; i < 6; i++) await sink.deliver([item(i, 'x'.repeat(30))]);
    await sink.close();
    const files = listNdjsonFiles(dir).map((f) => path.basename(f));
    expect(files.length).toBeGreaterThan(1);
    expect(files[0]).toBe('events-000001.ndjson');
    const total = listNdjsonFiles(dir).reduce((n, f) => n + fs.readFileSync(f, 'utf8').trim().split('\n').length, 0);
    expect(total).toBe(6);
  });

  it('cuts a half-written last line left by a crash, and appends after it', async () => {
    fs.writeFileSync(path.join(dir, 'events-000003.ndjson'), '{"a":1}\n{"b":');
    const sink = new NdjsonFileSink({ dir, maxFileBytes: 1 << 20, render });
    await sink.deliver([item(7, 'after')]);
    await sink.close();
    expect(fs.readFileSync(path.join(dir, 'events-000003.ndjson'), 'utf8')).toBe('{"a":1}\n{"text":"after"}\n');
  });

  it('a file holding only a fragment becomes empty, not invalid', async () => {
    fs.writeFileSync(path.join(dir, 'events-000001.ndjson'), '{"partial"');
    const sink = new NdjsonFileSink({ dir, maxFileBytes: 1 << 20, render });
    await sink.close();
    expect(fs.readFileSync(path.join(dir, 'events-000001.ndjson'), 'utf8')).toBe('');
  });
});

describe('NdjsonFileSink ownership: one output folder per state', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sink-own-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lets the same state reopen its folder and refuses another state, naming the owner', async () => {
    const a = new NdjsonFileSink({ dir, maxFileBytes: 1 << 20, render, owner: '/homeA/state.db' });
    await a.close();
    const again = new NdjsonFileSink({ dir, maxFileBytes: 1 << 20, render, owner: '/homeA/state.db' });
    await again.close();
    expect(() => new NdjsonFileSink({ dir, maxFileBytes: 1 << 20, render, owner: '/homeB/state.db' })).toThrow(SinkOwnershipError);
    expect(() => new NdjsonFileSink({ dir, maxFileBytes: 1 << 20, render, owner: '/homeB/state.db' })).toThrow(/another Sysward state \(\/homeA\/state.db\)/);
  });
});
