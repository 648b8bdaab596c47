/**
 * How the result of one executed action changes History. Pure, so the journal can
 * write the new History in the same transaction that marks the step done, and a
 * replay after a crash computes exactly the same thing.
 */
import type { Action } from '../model/decision';
import { configKey, installKey } from '../model/failure-keys';
import {
  HISTORY_REPAIRS_KEPT,
  type FailureRecord,
  type History,
  type OwnershipRecord,
  type UninstallStep,
} from '../model/history';
import { sameVersion } from '../version/sysmon-version';

export type ActionOutcome =
  | {
      readonly ok: true;
      /** install / record-ownership: our Sysmon as the host shows it right after the step. */
      readonly ownership?: OwnershipRecord;
      /** install / apply-config: the Rules value's SHA-256 read back right after. */
      readonly rulesSha256?: string;
      /** uninstall: done, but the driver stays loaded until the next boot (BUG-20). */
      readonly rebootRequired?: boolean;
    }
  | { readonly ok: false; readonly error: string };

function failure(previous: FailureRecord | null, key: string, error: string, atMs: number): FailureRecord {
  const count = previous?.key === key ? previous.count + 1 : 1;
  return { key, count, lastError: error, atMs };
}

function withFailedStep(history: History, step: UninstallStep): History {
  return history.uninstallFailures.includes(step) ? history : { ...history, uninstallFailures: [...history.uninstallFailures, step] };
}

/** Everything tied to the Sysmon we owned goes with it. */
function ownedSysmonGone(history: History): History {
  return { ...history, ownership: null, uninstallFailures: [], restartFailedAtMs: null, appliedConfig: null, configApplyFailure: null };
}

export function applyOutcome(history: History, action: Action, outcome: ActionOutcome, nowMs: number): History {
  switch (action.kind) {
    case 'notify-monitor':
      return history;

    case 'record-repair': {
      if (!outcome.ok || history.repairInProgress?.reason === action.reason) return history;
      const repairs = [...history.repairs, { reason: action.reason, detail: action.detail, atMs: nowMs }].slice(-HISTORY_REPAIRS_KEPT);
      return { ...history, repairsTotal: history.repairsTotal + 1, repairs, repairInProgress: { reason: action.reason, sinceMs: nowMs } };
    }

    case 'quarantine': {
      if (!outcome.ok || history.quarantined.some((q) => q.bootAtMs === action.bootAtMs && sameVersion(q.version, action.version))) {
        return history;
      }
      const record = { version: action.version, crashAtMs: action.crashAtMs, bootAtMs: action.bootAtMs };
      return { ...history, quarantined: [...history.quarantined, record] };
    }

    case 'install': {
      if (!outcome.ok) {
        return { ...history, installFailure: failure(history.installFailure, installKey(action.version), outcome.error, nowMs) };
      }
      if (!outcome.ownership) throw new Error('an install outcome must carry the ownership record');
      return {
        ...history,
        ownership: outcome.ownership,
        appliedConfig:
          outcome.rulesSha256 !== undefined
            ? { configSha256: action.configSha256, version: action.version, rulesSha256: outcome.rulesSha256, atMs: nowMs }
            : null,
        configApplyFailure: null,
        installFailure: null,
        uninstallFailures: [],
        restartFailedAtMs: null,
        repairInProgress: null,
        upgradePendingReboot: null,
      };
    }

    case 'record-ownership': {
      if (!outcome.ok || !outcome.ownership) return history;
      return { ...history, ownership: outcome.ownership, uninstallFailures: [] };
    }

    case 'uninstall': {
      if (!outcome.ok) return withFailedStep(history, action.using);
      const gone = ownedSysmonGone(history);
      if (!outcome.rebootRequired) return gone;
      return {
        ...gone,
        upgradePendingReboot: {
          sinceMs: nowMs,
          serviceName: action.serviceName ?? history.ownership?.serviceName ?? '',
          driverName: action.driverName ?? history.ownership?.driverName ?? '',
          fromVersion: action.installedVersion,
          purpose: action.purpose,
          oldKeepsRunning: false,
        },
      };
    }

    case 'remove-at-reboot': {
      if (!outcome.ok) return withFailedStep(history, 'remove-at-reboot');
      return {
        ...ownedSysmonGone(history),
        upgradePendingReboot: {
          sinceMs: nowMs,
          serviceName: action.serviceName,
          driverName: action.driverName,
          fromVersion: action.fromVersion,
          purpose: action.purpose,
          oldKeepsRunning: true,
        },
      };
    }

    case 'apply-config': {
      if (!outcome.ok) {
        const key = configKey(action.configSha256, action.version);
        return { ...history, configApplyFailure: failure(history.configApplyFailure, key, outcome.error, nowMs) };
      }
      if (outcome.rulesSha256 === undefined) throw new Error('an apply-config outcome must carry the Rules hash read back');
      return {
        ...history,
        appliedConfig: { configSha256: action.configSha256, version: action.version, rulesSha256: outcome.rulesSha256, atMs: nowMs },
        configApplyFailure: null,
        repairInProgress: history.repairInProgress?.reason === 'config-changed' ? null : history.repairInProgress,
      };
    }

    case 'restart-service':
      return { ...history, restartFailedAtMs: outcome.ok ? null : nowMs };
  }
}
