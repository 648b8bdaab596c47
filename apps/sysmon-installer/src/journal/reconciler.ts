/**
 * One reconcile round: finish off a plan a crash interrupted, observe, decide, and
 * carry the actions out through the journal (R-INS-8). The executor behind it is the
 * only part that touches the host; bookkeeping actions never leave this module.
 *
 * Execution rules:
 * - A failed host action halts the plan; only the closing monitor notification still
 *   runs, so the events monitor is never left waiting (R-INS-11). A failed
 *   notification does not halt: the monitor resumes from its checkpoint regardless.
 * - An uninstall that needs a reboot halts the plan: installing over a driver that is
 *   still loaded would fail (BUG-20).
 * - The executor reports failures as outcomes. A throw means the process cannot go
 *   on; the step stays "started" and the next start recovers it.
 */
import { decide } from '../decide/decide';
import type { Action, Decision, Operation } from '../model/decision';
import type { DesiredState } from '../model/desired-state';
import type { History } from '../model/history';
import type { ObservedHost } from '../model/observed-host';
import type { Policy } from '../model/policy';
import { applyOutcome, type ActionOutcome } from '../outcome/apply-outcome';
import { ownershipFromHost } from '../outcome/ownership-from-host';
import type { InstallerStore, JournalPlan, PlanStatus } from './installer-store';
import { inferInterruptedOutcome } from './interrupted-step';

export type HostAction = Extract<
  Action,
  { kind: 'notify-monitor' | 'install' | 'uninstall' | 'remove-at-reboot' | 'apply-config' | 'restart-service' }
>;
type Bookkeeping = Exclude<Action, HostAction>;

export interface HostObserver {
  observe(): Promise<ObservedHost>;
}

export interface ActionExecutor {
  execute(action: HostAction): Promise<ActionOutcome>;
}

export interface ReconcilerDeps {
  readonly store: InstallerStore;
  readonly observer: HostObserver;
  readonly executor: ActionExecutor;
  readonly desired: DesiredState;
  readonly policy: Policy;
  readonly now: () => number;
}

export interface RecoveryReport {
  readonly planId: number;
  /** Steps whose effect was read off the host, and steps whose effect is unknown. */
  readonly inferred: readonly number[];
  readonly unknown: readonly number[];
  /** The "after" notification a crash left owed to the monitor. */
  readonly notifiedAfter: Operation | null;
}

export interface RoundReport {
  readonly decision: Decision;
  readonly planId: number | null;
  readonly planStatus: PlanStatus | null;
  readonly recovered: RecoveryReport | null;
}

function isBookkeeping(action: Action): action is Bookkeeping {
  return action.kind === 'quarantine' || action.kind === 'record-repair' || action.kind === 'record-ownership';
}

function bookkeep(action: Bookkeeping, observed: ObservedHost, nowMs: number): ActionOutcome {
  if (action.kind !== 'record-ownership') return { ok: true };
  const ownership = ownershipFromHost(observed, nowMs);
  return ownership && ownership.markerId === action.markerId
    ? { ok: true, ownership }
    : { ok: false, error: 'our marked Sysmon is no longer complete on the host' };
}

/**
 * The monitor may have been told "before" (the step finished, or started and died)
 * without hearing "after". An extra "after" only makes it re-check the channel.
 */
function owedAfter(plan: JournalPlan): Operation | null {
  let open: Operation | null = null;
  for (const step of plan.steps) {
    if (step.action.kind !== 'notify-monitor' || (step.status !== 'done' && step.status !== 'started')) continue;
    if (step.action.phase === 'before') open = step.action.operation;
    else if (step.status === 'done') open = null;
  }
  return open;
}

export async function recoverInterruptedPlan(deps: ReconcilerDeps): Promise<RecoveryReport | null> {
  const plan = deps.store.openPlan();
  if (!plan) return null;
  const observed = await deps.observer.observe();
  let history: History = deps.store.history();
  const inferred: number[] = [];
  const unknown: number[] = [];
  for (const step of plan.steps) {
    const now = deps.now();
    if (step.status === 'started') {
      const outcome = inferInterruptedOutcome(step.action, observed, history, now);
      if (outcome) {
        history = applyOutcome(history, step.action, outcome, now);
        deps.store.finishStep(plan.id, step.seq, outcome.ok ? 'done' : 'failed', outcome, history, now);
        inferred.push(step.seq);
      } else {
        deps.store.finishStep(plan.id, step.seq, 'interrupted', null, null, now);
        unknown.push(step.seq);
      }
    } else if (step.status === 'pending') {
      deps.store.finishStep(plan.id, step.seq, 'skipped', null, null, now);
    }
  }
  const after = owedAfter(plan);
  if (after) await deps.executor.execute({ kind: 'notify-monitor', phase: 'after', operation: after });
  deps.store.closePlan(plan.id, 'interrupted', deps.now());
  return { planId: plan.id, inferred, unknown, notifiedAfter: after };
}

async function runPlan(deps: ReconcilerDeps, planId: number, actions: readonly Action[], observed: ObservedHost): Promise<PlanStatus> {
  let history = deps.store.history();
  let halted = false;
  for (const [seq, action] of actions.entries()) {
    const closingNotice = action.kind === 'notify-monitor' && action.phase === 'after';
    if (halted && !closingNotice) {
      deps.store.finishStep(planId, seq, 'skipped', null, null, deps.now());
      continue;
    }
    let outcome: ActionOutcome;
    if (isBookkeeping(action)) {
      outcome = bookkeep(action, observed, deps.now());
    } else {
      deps.store.markStarted(planId, seq, deps.now());
      outcome = await deps.executor.execute(action);
    }
    const now = deps.now();
    history = applyOutcome(history, action, outcome, now);
    deps.store.finishStep(planId, seq, outcome.ok ? 'done' : 'failed', outcome, history, now);
    if (action.kind !== 'notify-monitor' && (!outcome.ok || (action.kind === 'uninstall' && outcome.rebootRequired === true))) {
      halted = true;
    }
  }
  const status: PlanStatus = halted ? 'halted' : 'done';
  deps.store.closePlan(planId, status, deps.now());
  return status;
}

export async function reconcileOnce(deps: ReconcilerDeps): Promise<RoundReport> {
  const recovered = await recoverInterruptedPlan(deps);
  const observed = await deps.observer.observe();
  const decision = decide(observed, deps.desired, deps.policy, deps.store.history(), deps.now());
  if (decision.actions.length === 0) return { decision, planId: null, planStatus: null, recovered };
  const planId = deps.store.beginPlan(decision, deps.now());
  const planStatus = await runPlan(deps, planId, decision.actions, observed);
  return { decision, planId, planStatus, recovered };
}

/**
 * Rounds until a decision needs no action (the host is where it should be, or
 * waiting for something only time or an operator brings). Bounded, because a
 * host that fights back must not spin the installer.
 */
export async function converge(deps: ReconcilerDeps, maxRounds = 12): Promise<RoundReport[]> {
  const rounds: RoundReport[] = [];
  for (let i = 0; i < maxRounds; i++) {
    const round = await reconcileOnce(deps);
    rounds.push(round);
    if (round.decision.actions.length === 0) break;
  }
  return rounds;
}
