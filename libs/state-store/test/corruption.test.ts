import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { openMonitorStore, type SqliteMonitorStore } from '../src';
import { FIXED_NOW, makeTempDir, recordingLogger, SYSMON } from './support';

const MOVED_ASIDE_SUFFIX = '.corrupt-20250102T030405678Z';

function fillStore(file: string, items = 200): void {
  const store = openMonitorStore(file);
  const batch = Array.from({ length: items }, (_, i) => ({ key: `key-${i}`, payload: crypto.randomBytes(300) }));
  store.appendWithCheckpoint(batch, { source: SYSMON, logInstanceId: 'L', recordId: items, bookmark: null, updatedAtMs: 1 });
  store.close();
}

describe('R-REL-2: an unreadable store file is moved aside, recreated empty and the loss reported; open never throws for it', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let file: string;
  const opened: SqliteMonitorStore[] = [];
  beforeEach(() => {
    temp = makeTempDir('corruption');
    file = path.join(temp.dir, 'monitor.db');
  });
  afterEach(() => {
    opened.splice(0).forEach((s) => s.close());
    temp.cleanup();
  });

  function openAndExpectRecreated(reasonPattern: RegExp, originalBytes: Buffer | null): SqliteMonitorStore {
    const logger = recordingLogger();
    const store = openMonitorStore(file, { now: () => FIXED_NOW, logger });
    opened.push(store);
    const report = store.openReport;
    expect(report.recreated?.reason).toMatch(reasonPattern);
    expect(report.recreated?.movedAsidePath).toBe(`${file}${MOVED_ASIDE_SUFFIX}`);
    expect(report.createdEmpty).toMatchObject({ lossSuspected: true });
    expect(report).toMatchObject({ fromVersion: 0, toVersion: expect.any(Number) });
    expect(logger.entries.map((e) => e.msg).join('\n')).toMatch(/moved aside and recreated/);
    if (originalBytes !== null) expect(fs.readFileSync(report.recreated!.movedAsidePath).equals(originalBytes)).toBe(true);
    // The new store works.
    store.appendWithCheckpoint([{ key: 'k', payload: new Uint8Array([1]) }], { source: SYSMON, logInstanceId: 'L', recordId: 1, bookmark: null, updatedAtMs: 1 });
    expect(store.stats().count).toBe(1);
    return store;
  }

  it('a zero-filled 1 MiB file', () => {
    fs.writeFileSync(file, Buffer.alloc(1024 * 1024));
    openAndExpectRecreated(/not a readable SQLite database \(SQLITE_NOTADB/, fs.readFileSync(file));
  });

  it('a file of random bytes', () => {
    const garbage = crypto.randomBytes(64 * 1024);
    fs.writeFileSync(file, garbage);
    openAndExpectRecreated(/not a readable SQLite database \(SQLITE_NOTADB/, garbage);
  });

  it('a valid store truncated to half its size (with its -wal and -shm moved aside too)', () => {
    fillStore(file);
    const truncated = fs.readFileSync(file).subarray(0, Math.floor(fs.statSync(file).size / 2));
    fs.writeFileSync(file, truncated);
    fs.writeFileSync(`${file}-wal`, 'stale wal');
    fs.writeFileSync(`${file}-shm`, 'stale shm');
    openAndExpectRecreated(/SQLITE_CORRUPT/, truncated);
    expect(fs.readFileSync(`${file}${MOVED_ASIDE_SUFFIX}-wal`, 'utf8')).toBe('stale wal');
    // The -shm is only SQLite's index of the -wal (rebuilt on open); it moves along but is not evidence.
    expect(fs.existsSync(`${file}${MOVED_ASIDE_SUFFIX}-shm`)).toBe(true);
    expect(fs.readdirSync(temp.dir).sort()).toEqual(
      ['monitor.db', 'monitor.db-shm', 'monitor.db-wal', 'monitor.db.lock', 'monitor.db.lock-owner', ...['', '-shm', '-wal'].map((s) => `monitor.db${MOVED_ASIDE_SUFFIX}${s}`)].sort(),
    );
  });

  it('a valid store truncated inside its 100-byte header', () => {
    fillStore(file);
    fs.truncateSync(file, 60);
    openAndExpectRecreated(/not a readable SQLite database/, null);
  });

  it('a valid SQLite database with an unrelated schema is treated as foreign and moved aside, not written to', () => {
    const foreign = new Database(file);
    foreign.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('x')");
    foreign.close();
    const original = fs.readFileSync(file);
    openAndExpectRecreated(/not a Sysward monitor store \(application_id 0x00000000.*tables: customers/, original);
  });

  it('a directory where the database file should be', () => {
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'note.txt'), 'left by someone');
    openAndExpectRecreated(/the path is a directory/, null);
    expect(fs.readFileSync(path.join(`${file}${MOVED_ASIDE_SUFFIX}`, 'note.txt'), 'utf8')).toBe('left by someone');
  });

  it('a store whose required tables were dropped is reported as a damaged schema', () => {
    fillStore(file);
    const raw = new Database(file);
    raw.exec('DROP TABLE outbox_totals');
    raw.close();
    openAndExpectRecreated(/schema damaged: version \d+ but tables missing: outbox_totals/, null);
  });

  it('a -wal left without its database is moved aside instead of being replayed into the new file', () => {
    fillStore(file);
    fs.rmSync(file);
    fs.writeFileSync(`${file}-wal`, crypto.randomBytes(4096));
    openAndExpectRecreated(/database file was missing but monitor\.db-wal remained/, null);
    expect(fs.existsSync(`${file}${MOVED_ASIDE_SUFFIX}-wal`)).toBe(true);
  });

  it('a second recreation in the same millisecond gets its own name instead of overwriting the first', () => {
    fs.writeFileSync(file, Buffer.alloc(4096));
    openMonitorStore(file, { now: () => FIXED_NOW }).close();
    fs.writeFileSync(file, Buffer.alloc(8192));
    const store = openMonitorStore(file, { now: () => FIXED_NOW });
    opened.push(store);
    expect(store.openReport.recreated?.movedAsidePath).toBe(`${file}${MOVED_ASIDE_SUFFIX}-1`);
    expect(fs.statSync(`${file}${MOVED_ASIDE_SUFFIX}`).size).toBe(4096);
    expect(fs.statSync(`${file}${MOVED_ASIDE_SUFFIX}-1`).size).toBe(8192);
  });

  it('a damaged interior page is found by the full check that runs after the previous writer died holding the lock', () => {
    fillStore(file, 2000);
    const raw = new Database(file);
    const rootPage = (raw.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'outbox'").get() as { rootpage: number }).rootpage;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    // Scribble over a leaf page of the outbox table (the root is interior with 2000 rows of 300 bytes).
    const bytes = fs.readFileSync(file);
    const victim = rootPage * pageSize + 5 * pageSize;
    bytes.fill(0xa5, victim + 8, victim + pageSize);
    fs.writeFileSync(file, bytes);

    const copy = path.join(temp.dir, 'copy.db');
    fs.copyFileSync(file, copy);
    // The cheap checks of a clean open do not read every page...
    const clean = openMonitorStore(file);
    expect(clean.openReport.recreated).toBeNull();
    clean.close();
    // ...unless asked to on every open...
    const always = openMonitorStore(copy, { integrityCheck: 'always' });
    opened.push(always);
    expect(always.openReport.recreated?.reason).toMatch(/integrity check failed/);
    // ...but an owner record left behind (writer killed) makes the next open read them all.
    fs.writeFileSync(`${file}.lock-owner`, JSON.stringify({ pid: 999999, hostname: 'h', acquiredAt: 'then' }));
    const store = openMonitorStore(file, { now: () => FIXED_NOW });
    opened.push(store);
    expect(store.openReport.previousSessionUnclean).toBe(true);
    expect(store.openReport.recreated?.reason).toMatch(/integrity check failed/);
  });

  it('an existing zero-length file is an empty database, not damage: it is initialised in place', () => {
    fs.writeFileSync(file, '');
    const store = openMonitorStore(file);
    opened.push(store);
    expect(store.openReport).toMatchObject({ recreated: null, fromVersion: 0, createdEmpty: { lossSuspected: false } });
    expect(fs.readdirSync(temp.dir).filter((name) => name.includes('.corrupt-'))).toEqual([]);
  });

  it('a missing file at a path used before is created empty with the loss suspected; a first start is not', () => {
    const first = openMonitorStore(file);
    expect(first.openReport).toMatchObject({ recreated: null, createdEmpty: { lossSuspected: false, reason: 'new store' } });
    first.close();
    fs.rmSync(file);
    const logger = recordingLogger();
    const second = openMonitorStore(file, { logger });
    opened.push(second);
    expect(second.openReport.recreated).toBeNull();
    expect(second.openReport.createdEmpty).toEqual({ lossSuspected: true, reason: 'the database file was missing from a path used before' });
    expect(logger.entries).toHaveLength(1);
  });
});
