/**
 * The installer's SQLite store (R-INS-8): its History and a journal of the action
 * plans it carries out. A plan and its steps are written before the first action
 * runs; each step is marked started before it touches the host and finished, with
 * the History it produced, in one transaction. So after a crash the store says
 * exactly which step was in flight, and History is never ahead of or behind the
 * steps it records.
 */
import * as fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Action, Decision } from '../model/decision';
import { EMPTY_HISTORY, type History } from '../model/history';
import type { ActionOutcome } from '../outcome/apply-outcome';

/** PRAGMA application_id: ASCII "SYSI", so a file is recognised as an installer store. */
export const INSTALLER_APPLICATION_ID = 0x53595349;
export const INSTALLER_SCHEMA_VERSION = 1;
/** Closed plans kept for status and post-mortems. */
const PLANS_KEPT = 200;

export type PlanStatus = 'open' | 'done' | 'halted' | 'interrupted';
export type StepStatus = 'pending' | 'started' | 'done' | 'failed' | 'skipped' | 'interrupted';

export interface JournalStep {
  readonly seq: number;
  readonly action: Action;
  readonly status: StepStatus;
  readonly outcome: ActionOutcome | null;
}

export interface JournalPlan {
  readonly id: number;
  readonly createdAtMs: number;
  readonly status: PlanStatus;
  readonly stateStatus: string;
  readonly steps: readonly JournalStep[];
}

export class InstallerStoreError extends Error {
  override readonly name = 'InstallerStoreError';

  constructor(
    readonly code: 'SCHEMA_TOO_NEW' | 'HISTORY_TOO_NEW',
    message: string,
  ) {
    super(message);
  }
}

export interface OpenedStore {
  readonly store: InstallerStore;
  /** Set when an unreadable or foreign file was moved aside and an empty store created. */
  readonly movedAside: { readonly path: string; readonly reason: string } | null;
}

export class InstallerStore {
  private constructor(private readonly db: Database.Database) {}

  /** Opens or creates the store; a file that is not ours is moved aside, never overwritten. */
  static open(path: string, nowMs: number): OpenedStore {
    let movedAside: OpenedStore['movedAside'] = null;
    const reason = fs.existsSync(path) ? unusableReason(path) : null;
    if (reason) {
      const aside = `${path}.corrupt-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}`;
      for (const suffix of ['', '-wal', '-shm', '-journal']) {
        if (fs.existsSync(path + suffix)) fs.renameSync(path + suffix, aside + suffix);
      }
      movedAside = { path: aside, reason };
    }
    const db = new Database(path, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return { store: new InstallerStore(db), movedAside };
  }

  history(): History {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'history'").get() as { value: string } | undefined;
    if (!row) return EMPTY_HISTORY;
    const history = JSON.parse(row.value) as History;
    if (history.formatVersion !== 1) {
      throw new InstallerStoreError('HISTORY_TOO_NEW', `installer history format ${String(history.formatVersion)} is newer than this installer`);
    }
    return history;
  }

  /** The plan that was not closed, i.e. the one a crash interrupted. */
  openPlan(): JournalPlan | null {
    const row = this.db.prepare("SELECT id FROM plans WHERE status = 'open' ORDER BY id DESC LIMIT 1").get() as { id: number } | undefined;
    return row ? this.plan(row.id) : null;
  }

  plan(id: number): JournalPlan | null {
    const plan = this.db.prepare('SELECT id, created_at_ms, status, state_status FROM plans WHERE id = ?').get(id) as
      | { id: number; created_at_ms: number; status: PlanStatus; state_status: string }
      | undefined;
    if (!plan) return null;
    const steps = this.db
      .prepare('SELECT seq, action_json, status, outcome_json FROM plan_steps WHERE plan_id = ? ORDER BY seq')
      .all(id) as { seq: number; action_json: string; status: StepStatus; outcome_json: string | null }[];
    return {
      id: plan.id,
      createdAtMs: plan.created_at_ms,
      status: plan.status,
      stateStatus: plan.state_status,
      steps: steps.map((s) => ({
        seq: s.seq,
        action: JSON.parse(s.action_json) as Action,
        status: s.status,
        outcome: s.outcome_json === null ? null : (JSON.parse(s.outcome_json) as ActionOutcome),
      })),
    };
  }

  beginPlan(decision: Decision, nowMs: number): number {
    return this.db.transaction(() => {
      const info = this.db
        .prepare("INSERT INTO plans (created_at_ms, status, state_status, decision_json) VALUES (?, 'open', ?, ?)")
        .run(nowMs, decision.state.status, JSON.stringify(decision));
      const id = Number(info.lastInsertRowid);
      const insert = this.db.prepare("INSERT INTO plan_steps (plan_id, seq, action_json, status) VALUES (?, ?, ?, 'pending')");
      decision.actions.forEach((action, seq) => insert.run(id, seq, JSON.stringify(action)));
      return id;
    })();
  }

  markStarted(planId: number, seq: number, nowMs: number): void {
    this.db.prepare("UPDATE plan_steps SET status = 'started', started_at_ms = ? WHERE plan_id = ? AND seq = ?").run(nowMs, planId, seq);
  }

  /** The step's end and the History it produced, together or not at all. */
  finishStep(planId: number, seq: number, status: StepStatus, outcome: ActionOutcome | null, history: History | null, nowMs: number): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE plan_steps SET status = ?, outcome_json = ?, finished_at_ms = ? WHERE plan_id = ? AND seq = ?')
        .run(status, outcome === null ? null : JSON.stringify(outcome), nowMs, planId, seq);
      if (history) this.writeHistory(history);
    })();
  }

  closePlan(planId: number, status: Exclude<PlanStatus, 'open'>, nowMs: number): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE plans SET status = ?, closed_at_ms = ? WHERE id = ?').run(status, nowMs, planId);
      const old = this.db
        .prepare("SELECT id FROM plans WHERE status <> 'open' ORDER BY id DESC LIMIT -1 OFFSET ?")
        .all(PLANS_KEPT) as { id: number }[];
      for (const { id } of old) {
        this.db.prepare('DELETE FROM plan_steps WHERE plan_id = ?').run(id);
        this.db.prepare('DELETE FROM plans WHERE id = ?').run(id);
      }
    })();
  }

  close(): void {
    this.db.close();
  }

  private writeHistory(history: History): void {
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('history', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(JSON.stringify(history));
  }
}

/** Why a file cannot be used as our store, or null if it can. */
function unusableReason(path: string): string | null {
  if (!fs.statSync(path).isFile()) return 'not a regular file';
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (applicationId !== INSTALLER_APPLICATION_ID && tables.n > 0) return `a SQLite file of another application (id ${applicationId})`;
    return null;
  } catch (e) {
    return `unreadable: ${(e as Error).message}`;
  } finally {
    db?.close();
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > INSTALLER_SCHEMA_VERSION) {
    db.close();
    throw new InstallerStoreError('SCHEMA_TOO_NEW', `installer store schema ${version} is newer than this installer (${INSTALLER_SCHEMA_VERSION})`);
  }
  if (version === INSTALLER_SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec(`
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE plans (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at_ms INTEGER NOT NULL,
        closed_at_ms  INTEGER,
        status        TEXT NOT NULL CHECK (status IN ('open', 'done', 'halted', 'interrupted')),
        state_status  TEXT NOT NULL,
        decision_json TEXT NOT NULL
      );
      CREATE TABLE plan_steps (
        plan_id        INTEGER NOT NULL REFERENCES plans (id),
        seq            INTEGER NOT NULL,
        action_json    TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('pending', 'started', 'done', 'failed', 'skipped', 'interrupted')),
        outcome_json   TEXT,
        started_at_ms  INTEGER,
        finished_at_ms INTEGER,
        PRIMARY KEY (plan_id, seq)
      ) WITHOUT ROWID;
    `);
    db.pragma(`application_id = ${INSTALLER_APPLICATION_ID}`);
    db.pragma(`user_version = ${INSTALLER_SCHEMA_VERSION}`);
  })();
}
