import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EMPTY_HISTORY, InstallerStore, InstallerStoreError, type Decision } from '../src';
import { NOW, owned } from './support/builders';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-store-'));
  file = path.join(dir, 'installer.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const decision: Decision = {
  state: { status: 'MANAGED', version: '15.15', reason: 'installing', detail: 'installing Sysmon 15.15' },
  actions: [
    { kind: 'notify-monitor', phase: 'before', operation: 'install' },
    { kind: 'install', version: '15.15', sha256: 'a'.repeat(64), configSha256: 'b'.repeat(64) },
    { kind: 'notify-monitor', phase: 'after', operation: 'install' },
  ],
  notes: [],
};

describe('InstallerStore (R-INS-8, R-REL-2)', () => {
  it('starts empty with EMPTY_HISTORY and no open plan', () => {
    const { store, movedAside } = InstallerStore.open(file, NOW);
    expect(movedAside).toBeNull();
    expect(store.history()).toEqual(EMPTY_HISTORY);
    expect(store.openPlan()).toBeNull();
    store.close();
  });

  it('keeps a plan, its step states and the History across a reopen', () => {
    let { store } = InstallerStore.open(file, NOW);
    const id = store.beginPlan(decision, NOW);
    store.markStarted(id, 0, NOW);
    store.finishStep(id, 0, 'done', { ok: true }, owned('15.15'), NOW);
    store.markStarted(id, 1, NOW);
    store.close();

    ({ store } = InstallerStore.open(file, NOW + 1));
    const plan = store.openPlan();
    expect(plan?.steps.map((s) => [s.action.kind, s.status])).toEqual([
      ['notify-monitor', 'done'],
      ['install', 'started'],
      ['notify-monitor', 'pending'],
    ]);
    expect(plan?.stateStatus).toBe('MANAGED');
    expect(store.history().ownership?.version).toBe('15.15');
    store.closePlan(id, 'interrupted', NOW + 2);
    expect(store.openPlan()).toBeNull();
    expect(store.plan(id)?.status).toBe('interrupted');
    store.close();
  });

  it('a step and its History change are one transaction: a failed write leaves both as they were', () => {
    const { store } = InstallerStore.open(file, NOW);
    const id = store.beginPlan(decision, NOW);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => store.finishStep(id, 1, 'done', circular as never, owned('15.15'), NOW)).toThrow();
    expect(store.plan(id)?.steps[1].status).toBe('pending');
    expect(store.history()).toEqual(EMPTY_HISTORY);
    store.close();
  });

  it('keeps only the newest closed plans', () => {
    const { store } = InstallerStore.open(file, NOW);
    let last = 0;
    for (let i = 0; i < 205; i++) {
      last = store.beginPlan(decision, NOW + i);
      store.closePlan(last, 'done', NOW + i);
    }
    expect(store.plan(1)).toBeNull();
    expect(store.plan(last)?.status).toBe('done');
    store.close();
  });

  it('moves a file that is not SQLite aside, never overwrites it, and says so', () => {
    fs.writeFileSync(file, 'not a database at all, just bytes'.repeat(200));
    const { store, movedAside } = InstallerStore.open(file, NOW);
    expect(movedAside?.reason).toMatch(/unreadable/);
    expect(fs.readFileSync(movedAside?.path ?? '', 'utf8')).toMatch(/^not a database/);
    expect(store.history()).toEqual(EMPTY_HISTORY);
    store.close();
  });

  it('moves another application\'s SQLite file aside', () => {
    const other = new Database(file);
    other.exec('CREATE TABLE t (x)');
    other.close();
    const { store, movedAside } = InstallerStore.open(file, NOW);
    expect(movedAside?.reason).toMatch(/another application/);
    store.close();
  });

  it('refuses a store written by a newer installer, touching nothing', () => {
    InstallerStore.open(file, NOW).store.close();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => InstallerStore.open(file, NOW)).toThrow(InstallerStoreError);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    check.close();
  });

  it('refuses a History format it does not know', () => {
    const { store } = InstallerStore.open(file, NOW);
    const id = store.beginPlan(decision, NOW);
    store.finishStep(id, 0, 'done', { ok: true }, { ...EMPTY_HISTORY, formatVersion: 2 as 1 }, NOW);
    expect(() => store.history()).toThrow(/newer than this installer/);
    store.close();
  });
});
