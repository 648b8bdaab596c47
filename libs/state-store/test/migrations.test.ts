import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { APPLICATION_ID, isStateStoreError, openMonitorStore, SCHEMA_VERSION } from '../src';
import { runMigrations } from '../src/sqlite/migrate';
import { MIGRATIONS, type Migration } from '../src/sqlite/schema';
import { makeTempDir, recordingLogger, SYSMON } from './support';

/**
 * Written by hand, not by MIGRATIONS[0], so the test holds the old format
 * fixed even if someone edits the first migration.
 */
function writeVersion1Database(file: string, rows: { source: string; recordId: number; updatedAtMs: number }[]): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE checkpoints (source TEXT PRIMARY KEY, log_instance_id TEXT NOT NULL, record_id INTEGER NOT NULL,
                              bookmark TEXT, updated_at_ms INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, payload BLOB NOT NULL);
  `);
  const insert = db.prepare('INSERT INTO checkpoints VALUES (?, ?, ?, ?, ?)');
  for (const row of rows) {
    insert.run(row.source, 'log-1', row.recordId, `<BookmarkList><Bookmark Channel='${row.source}' RecordId='${row.recordId}' IsCurrent='true'/></BookmarkList>`, row.updatedAtMs);
  }
  const item = db.prepare('INSERT INTO outbox (key, payload) VALUES (?, ?)');
  item.run('agent|sysmon|log-1|8999', Buffer.alloc(100, 1));
  item.run('agent|sysmon|log-1|9000', Buffer.alloc(50, 2));
  db.prepare('INSERT INTO meta VALUES (?, ?)').run('outbox.evictedTotal', '17');
  db.prepare('INSERT INTO meta VALUES (?, ?)').run('agent.id', 'agent-0001');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma('user_version = 1');
  db.close();
}

describe('state store schema migrations (ARCHITECTURE: every persisted format is versioned and migrated)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    temp = makeTempDir('migrations');
    file = path.join(temp.dir, 'monitor.db');
  });
  afterEach(() => temp.cleanup());

  it('the migration list is ordered 1..N and SCHEMA_VERSION is its last step', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: MIGRATIONS.length }, (_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('BUG-14 / R-MON-1: a handcrafted v1 db migrates to the current version; the lower-case channel row resumes at 9001 and "wineventlog" is reported unmatched', () => {
    writeVersion1Database(file, [
      { source: 'microsoft-windows-sysmon/operational', recordId: 9000, updatedAtMs: 1000 },
      { source: 'wineventlog', recordId: 9000, updatedAtMs: 1000 },
    ]);
    const store = openMonitorStore(file, { canonicalSources: [SYSMON] });
    try {
      expect(store.openReport).toMatchObject({ fromVersion: 1, toVersion: SCHEMA_VERSION, recreated: null, createdEmpty: null });
      expect(store.openReport.unmatchedCheckpointKeys).toEqual(['wineventlog']);
      const resumeAt = store.getCheckpoint(SYSMON)!.recordId + 1;
      expect(resumeAt).toBe(9001);
      expect(store.getCheckpoint(SYSMON)!.source).toBe(SYSMON);
      // Unmatched rows are kept, not deleted: an operator may still map them.
      expect(store.getCheckpoint('wineventlog')?.recordId).toBe(9000);
      // Running totals are computed from the existing rows; the v1 eviction counter moves into them.
      expect(store.stats()).toMatchObject({ count: 2, bytes: 150, evictedTotal: 17 });
      expect(store.getMeta('outbox.evictedTotal')).toBeNull();
      expect(store.getMeta('agent.id')).toBe('agent-0001');
      expect(store.readOutbox(0, 10).map((s) => s.key)).toEqual(['agent|sysmon|log-1|8999', 'agent|sysmon|log-1|9000']);
    } finally {
      store.close();
    }
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();
  });

  it('BUG-14: v1 rows that are two spellings of one channel are merged into the most recent, with a warning', () => {
    writeVersion1Database(file, [
      { source: 'microsoft-windows-sysmon/operational', recordId: 9000, updatedAtMs: 1000 },
      { source: SYSMON, recordId: 9050, updatedAtMs: 2000 },
    ]);
    const logger = recordingLogger();
    const store = openMonitorStore(file, { canonicalSources: [SYSMON], logger });
    try {
      expect(store.listCheckpoints()).toHaveLength(1);
      expect(store.getCheckpoint(SYSMON)?.recordId).toBe(9050);
      expect(logger.entries.map((e) => e.msg).join('\n')).toContain('different spellings were merged');
      expect(store.openReport.unmatchedCheckpointKeys).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('a database from a newer release is refused with SCHEMA_TOO_NEW and left byte-for-byte untouched', () => {
    openMonitorStore(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = fs.readFileSync(file);
    let thrown: unknown;
    try {
      openMonitorStore(file).close();
    } catch (error) {
      thrown = error;
    }
    expect(isStateStoreError(thrown, 'SCHEMA_TOO_NEW')).toBe(true);
    expect((thrown as Error).message).toContain(`schema version ${SCHEMA_VERSION + 1}`);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(temp.dir).filter((name) => name.includes('.corrupt-'))).toEqual([]);
    // The refusal released the writer lock: the next attempt reaches the same verdict rather than WRITER_LOCKED.
    expect(() => openMonitorStore(file)).toThrow(/newer Sysward/);
  });

  it('a migration that fails part-way rolls back every step: the file stays at its old version with its data', () => {
    const db = new Database(file);
    const steps: Migration[] = [
      MIGRATIONS[0]!,
      { version: 2, description: 'adds a table', tables: [], up: (d) => d.exec('CREATE TABLE added (x)') },
      {
        version: 3,
        description: 'fails',
        tables: [],
        up: () => {
          throw new Error('boom');
        },
      },
    ];
    runMigrations(db, 0, steps.slice(0, 1), { warn: () => undefined }, file);
    db.prepare("INSERT INTO meta VALUES ('kept', 'yes')").run();
    let thrown: unknown;
    try {
      runMigrations(db, 1, steps, { warn: () => undefined }, file);
    } catch (error) {
      thrown = error;
    }
    expect(isStateStoreError(thrown, 'MIGRATION_FAILED')).toBe(true);
    expect((thrown as Error).message).toMatch(/failed at step 3 \(fails\): boom; the file was left at version 1/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'added'").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'kept'").get()).toEqual({ value: 'yes' });
    db.close();
  });

  it('a malformed migration list (gap in versions) is rejected before touching the database', () => {
    const db = new Database(':memory:');
    const broken: Migration[] = [MIGRATIONS[0]!, { ...MIGRATIONS[1]!, version: 3 }];
    expect(() => runMigrations(db, 0, broken, { warn: () => undefined }, 'mem')).toThrow(/entry 1 has version 3, expected 2/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });
});
