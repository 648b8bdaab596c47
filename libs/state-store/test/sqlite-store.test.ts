import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { APPLICATION_ID, isStateStoreError, openMonitorStore, type OpenMonitorStoreOptions } from '../src';
import { toStateStoreError } from '../src/errors';
import { makeTempDir, SYSMON } from './support';

const cp = (recordId: number) => ({ source: SYSMON, logInstanceId: 'L', recordId, bookmark: null, updatedAtMs: 1 });
const item = (key: string, size = 10) => ({ key, payload: new Uint8Array(size).fill(7) });

describe('SqliteMonitorStore specifics', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    temp = makeTempDir('sqlite');
    file = path.join(temp.dir, 'nested', 'dir', 'monitor.db');
  });
  afterEach(() => temp.cleanup());

  it('R-MON-4: creates its directory, runs in WAL with synchronous=FULL by default and marks the file as a Sysward store', () => {
    const store = openMonitorStore(file);
    store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    raw.close();
    // synchronous is per connection: observe it through the store's own connection.
    const again = openMonitorStore(file);
    const sync = (again as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true });
    again.close();
    expect(sync).toBe(2);
    const normal = openMonitorStore(file, { durability: 'normal' });
    expect((normal as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(1);
    normal.close();
  });

  it('R-MON-4: if the checkpoint write fails inside the transaction, the batch is rolled back with it', () => {
    const store = openMonitorStore(file);
    store.appendWithCheckpoint([item('a')], cp(1));
    const other = new Database(file);
    other.exec(`CREATE TRIGGER refuse_666 BEFORE UPDATE ON checkpoints WHEN NEW.record_id = 666
                BEGIN SELECT RAISE(ABORT, 'injected checkpoint failure'); END`);
    other.close();
    let thrown: unknown;
    try {
      store.appendWithCheckpoint([item('b', 500), item('c', 500)], cp(666));
    } catch (error) {
      thrown = error;
    }
    expect(isStateStoreError(thrown, 'INTERNAL')).toBe(true);
    expect((thrown as Error).message).toMatch(/appendWithCheckpoint failed \(SQLITE_CONSTRAINT_TRIGGER: injected checkpoint failure\)/);
    expect(store.readOutbox(0, 10).map((s) => s.key)).toEqual(['a']);
    expect(store.stats()).toMatchObject({ count: 1, bytes: 10 });
    expect(store.getCheckpoint(SYSMON)?.recordId).toBe(1);
    store.close();
  });

  it('R-SUP-2: another process may read the store while the writer has it open (WAL readers are not blocked)', () => {
    const store = openMonitorStore(file);
    store.appendWithCheckpoint([item('a'), item('b')], cp(2));
    const reader = new Database(file, { readonly: true });
    expect(reader.prepare('SELECT item_count FROM outbox_totals').get()).toEqual({ item_count: 2 });
    reader.close();
    store.appendWithCheckpoint([item('c')], cp(3));
    store.close();
  });

  it('R-REL-2: invalid options are refused with a message naming the option', () => {
    const cases: [unknown, OpenMonitorStoreOptions, RegExp][] = [
      ['', {}, /path must be a non-empty string/],
      [file, { durability: 'sometimes' as 'full' }, /options.durability must be 'full' or 'normal'/],
      [file, { lockTimeoutMs: -1 }, /options.lockTimeoutMs must be a non-negative integer/],
      [file, { canonicalSources: 'Security' as unknown as string[] }, /options.canonicalSources must be an array/],
      [file, { canonicalSources: [SYSMON, ' '] }, /options.canonicalSources\[1\]: source name must not be empty/],
    ];
    for (const [where, options, message] of cases) {
      expect(() => openMonitorStore(where as string, options)).toThrow(message);
    }
    // A refused open leaves no lock held.
    openMonitorStore(file, { lockTimeoutMs: 0 }).close();
  });

  it('R-REL-3: SQLite failures are translated into codes the caller can act on (disk full: pause and retry)', () => {
    const sqlite = (code: string) => Object.assign(new Error(`${code} message`), { code });
    expect(toStateStoreError(sqlite('SQLITE_FULL'), 'f.db', 'append').code).toBe('DISK_FULL');
    expect(toStateStoreError(sqlite('SQLITE_CORRUPT_INDEX'), 'f.db', 'append').code).toBe('CORRUPT');
    expect(toStateStoreError(sqlite('SQLITE_NOTADB'), 'f.db', 'append').code).toBe('CORRUPT');
    expect(toStateStoreError(sqlite('SQLITE_IOERR_FSYNC'), 'f.db', 'append').code).toBe('IO_ERROR');
    expect(toStateStoreError(sqlite('SQLITE_READONLY'), 'f.db', 'append').code).toBe('IO_ERROR');
    expect(toStateStoreError(sqlite('SQLITE_CONSTRAINT_CHECK'), 'f.db', 'append').code).toBe('INTERNAL');
    expect(toStateStoreError(new TypeError('bug'), 'f.db', 'append').code).toBe('INTERNAL');
    const mapped = toStateStoreError(sqlite('SQLITE_FULL'), 'f.db', 'trimThrough');
    expect(mapped.message).toBe('state store f.db: trimThrough failed (SQLITE_FULL: SQLITE_FULL message)');
    expect(mapped.cause).toBeInstanceOf(Error);
  });

  it('R-REL-2: a path that cannot hold a store fails with IO_ERROR instead of being moved aside', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(path.join(temp.dir, 'plain-file'), 'x');
    let thrown: unknown;
    try {
      openMonitorStore(path.join(temp.dir, 'plain-file', 'monitor.db'));
    } catch (error) {
      thrown = error;
    }
    expect(isStateStoreError(thrown, 'IO_ERROR')).toBe(true);
    expect((thrown as Error).message).toMatch(/cannot create its directory/);
    expect(fs.readFileSync(path.join(temp.dir, 'plain-file'), 'utf8')).toBe('x');
  });
});
