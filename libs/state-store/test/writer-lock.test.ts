import * as fs from 'node:fs';
import * as path from 'node:path';
import { isStateStoreError, openMonitorStore } from '../src';
import { acquireWriterLock } from '../src/sqlite/writer-lock';
import { makeTempDir } from './support';

describe('writer lock (one writing process per store file)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    temp = makeTempDir('writer-lock');
    file = path.join(temp.dir, 'monitor.db');
  });
  afterEach(() => temp.cleanup());

  it('records its owner while held and removes the record on release; the lock file stays', () => {
    const lock = acquireWriterLock(file, { timeoutMs: 0, now: () => 0 });
    expect(lock.lockFileExisted).toBe(false);
    expect(lock.staleOwner).toBeNull();
    expect(JSON.parse(fs.readFileSync(`${file}.lock-owner`, 'utf8'))).toMatchObject({ pid: process.pid, acquiredAt: '1970-01-01T00:00:00.000Z' });
    lock.release();
    lock.release();
    expect(fs.existsSync(`${file}.lock-owner`)).toBe(false);
    expect(fs.existsSync(`${file}.lock`)).toBe(true);
    const next = acquireWriterLock(file, { timeoutMs: 0, now: () => 0 });
    expect(next.lockFileExisted).toBe(true);
    next.release();
  });

  it('a second writer in the same process is refused while the first holds the lock', () => {
    const first = acquireWriterLock(file, { timeoutMs: 0, now: () => 0 });
    let thrown: unknown;
    try {
      acquireWriterLock(file, { timeoutMs: 0, now: () => 0 });
    } catch (error) {
      thrown = error;
    }
    expect(isStateStoreError(thrown, 'WRITER_LOCKED')).toBe(true);
    expect((thrown as Error).message).toContain(`held by pid ${process.pid}`);
    first.release();
    acquireWriterLock(file, { timeoutMs: 0, now: () => 0 }).release();
  });

  it('an owner record left behind (writer killed) is reported as an unclean previous session, even if it is half-written', () => {
    fs.writeFileSync(`${file}.lock-owner`, '{"pid": 12');
    const lock = acquireWriterLock(file, { timeoutMs: 0, now: () => 0 });
    expect(lock.staleOwner).toEqual({ pid: -1, hostname: 'unknown', acquiredAt: 'unknown' });
    lock.release();
  });

  it('a lock file overwritten with garbage is reset, since it never holds data', () => {
    fs.writeFileSync(`${file}.lock`, Buffer.alloc(4096, 0x5a));
    const store = openMonitorStore(file, { lockTimeoutMs: 0 });
    expect(fs.statSync(`${file}.lock`).size).toBe(0);
    store.close();
  });
});
