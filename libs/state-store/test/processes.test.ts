import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import Database from 'better-sqlite3';
import { isStateStoreError, openMonitorStore } from '../src';
import { makeTempDir } from './support';

/*
 * These tests run the store in real child processes, which load the compiled
 * library (plain JS, no ts-node), so the build runs first.
 */
const LIB_DIR = path.resolve(__dirname, '..');
const DIST_INDEX = path.join(LIB_DIR, 'dist', 'index.js');
const SOURCES = ['Microsoft-Windows-Sysmon/Operational', 'System'];

interface Child {
  process: ChildProcessWithoutNullStreams;
  lines: string[];
  /** Resolves with the first line (already seen or future) that matches. */
  waitForLine(predicate: (line: string) => boolean): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startFixture(script: string, dbPath: string): Child {
  const child = spawn(process.execPath, [path.join(__dirname, 'fixtures', script), DIST_INDEX, dbPath]);
  const lines: string[] = [];
  const waiters: { predicate: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of waiters.splice(0)) {
      if (waiter.predicate(line)) waiter.resolve(line);
      else waiters.push(waiter);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    lines,
    exited,
    waitForLine: (predicate) =>
      new Promise((resolve, reject) => {
        const seen = lines.find(predicate);
        if (seen !== undefined) return resolve(seen);
        waiters.push({ predicate, resolve });
        void exited.then(({ code, signal }) => reject(new Error(`${script} exited (${code ?? signal}) before the expected line: ${stderr}`)));
      }),
  };
}

beforeAll(() => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', LIB_DIR], { stdio: 'pipe' });
}, 120_000);

describe('writer lock across processes (one writing process per store file)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    temp = makeTempDir('lock');
    file = path.join(temp.dir, 'monitor.db');
  });
  afterEach(() => temp.cleanup());

  it('a live writer in another process refuses a second writer with WRITER_LOCKED naming its pid; after a clean exit the next open is clean', async () => {
    const holder = startFixture('hold-store.js', file);
    await holder.waitForLine((line) => line.startsWith('opened'));
    let thrown: unknown;
    try {
      openMonitorStore(file, { lockTimeoutMs: 0 }).close();
    } catch (error) {
      thrown = error;
    }
    expect(isStateStoreError(thrown, 'WRITER_LOCKED')).toBe(true);
    expect((thrown as Error).message).toContain(`held by pid ${holder.process.pid}`);
    holder.process.kill('SIGTERM');
    expect(await holder.exited).toEqual({ code: 0, signal: null });
    const store = openMonitorStore(file, { lockTimeoutMs: 0 });
    expect(store.openReport.previousSessionUnclean).toBe(false);
    expect(store.getMeta('holder.pid')).toBe(String(holder.process.pid));
    store.close();
  });

  it('R-REL-1: a writer killed with SIGKILL does not block its successor, which runs the full integrity check', async () => {
    const holder = startFixture('hold-store.js', file);
    await holder.waitForLine((line) => line.startsWith('opened'));
    holder.process.kill('SIGKILL');
    expect((await holder.exited).signal).toBe('SIGKILL');
    const store = openMonitorStore(file, { lockTimeoutMs: 0 });
    expect(store.openReport).toMatchObject({ previousSessionUnclean: true, recreated: null });
    expect(store.getMeta('holder.pid')).toBe(String(holder.process.pid));
    store.close();
  });
});

describe('R-REL-1: SIGKILL at random moments during append + checkpoint loses no committed batch and corrupts nothing', () => {
  const KILLS = 20;
  let temp: ReturnType<typeof makeTempDir>;
  beforeAll(() => {
    temp = makeTempDir('crash');
  });
  afterAll(() => temp.cleanup());

  function checkStore(file: string, reportedCommitted: Map<number, number>, round: number): string[] {
    const problems: string[] = [];
    const store = openMonitorStore(file, { lockTimeoutMs: 5000, canonicalSources: SOURCES });
    try {
      if (!store.openReport.previousSessionUnclean) problems.push('the kill was not detected as an unclean exit');
      if (store.openReport.recreated !== null) problems.push(`store was recreated: ${store.openReport.recreated.reason}`);
      const items = store.readOutbox(0, Number.MAX_SAFE_INTEGER);
      const bySource = new Map<number, number[]>();
      let bytes = 0;
      for (const item of items) {
        const [sourceIndex, recordId] = item.key.split('|').map(Number) as [number, number];
        bySource.set(sourceIndex, [...(bySource.get(sourceIndex) ?? []), recordId]);
        bytes += item.payload.byteLength;
      }
      SOURCES.forEach((source, sourceIndex) => {
        const checkpointed = store.getCheckpoint(source)?.recordId ?? 0;
        const committed = reportedCommitted.get(sourceIndex) ?? 0;
        if (committed > checkpointed) problems.push(`${source}: child reported ${committed} committed, checkpoint is ${checkpointed}`);
        const ids = bySource.get(sourceIndex) ?? [];
        if (ids.length === 0) return;
        const first = ids[0]!;
        const last = ids[ids.length - 1]!;
        // No partial batch: the outbox ends exactly at the checkpoint, with no hole before it.
        if (last !== checkpointed) problems.push(`${source}: newest record in outbox ${last} but checkpoint ${checkpointed}`);
        if (ids.length !== last - first + 1 || ids.some((id, i) => id !== first + i)) {
          problems.push(`${source}: record ids ${first}..${last} are not contiguous (${ids.length} items)`);
        }
      });
      const stats = store.stats();
      if (stats.count !== items.length || stats.bytes !== bytes) {
        problems.push(`running totals ${stats.count} items / ${stats.bytes} bytes, actual ${items.length} / ${bytes}`);
      }
    } finally {
      store.close();
    }
    const raw = new Database(file, { readonly: true });
    const integrity = raw.pragma('integrity_check', { simple: true });
    raw.close();
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    return problems.map((p) => `round ${round}: ${p}`);
  }

  it(`${KILLS} SIGKILLs: the outbox holds exactly the checkpointed batches, totals match, integrity_check ok`, async () => {
    const file = path.join(temp.dir, 'monitor.db');
    const committed = new Map<number, number>();
    const problems: string[] = [];
    let batchesSeen = 0;
    for (let round = 1; round <= KILLS; round++) {
      const writer = startFixture('crash-writer.js', file);
      // Kill after a random number of committed batches (0 = right after opening), so the kill
      // lands somewhere inside the next append, trim or evict.
      const killAfter = Math.floor(Math.random() * 12);
      await writer.waitForLine((line) => line === 'opened');
      let seen = 0;
      if (killAfter > 0) await writer.waitForLine((line) => line.startsWith('committed ') && ++seen >= killAfter);
      writer.process.kill('SIGKILL');
      await writer.exited;
      for (const line of writer.lines.filter((l) => l.startsWith('committed '))) {
        const [, sourceIndex, recordId] = line.split(' ').map(Number) as [number, number, number];
        committed.set(sourceIndex, Math.max(committed.get(sourceIndex) ?? 0, recordId));
        batchesSeen += 1;
      }
      problems.push(...checkStore(file, committed, round));
    }
    expect(problems).toEqual([]);
    expect(batchesSeen).toBeGreaterThan(KILLS);
  }, 60_000);
});
