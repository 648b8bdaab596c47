/**
 * A step marked started but never finished: the process died while it ran. Whether
 * it took effect is read off the host, where that can be known for sure; otherwise
 * the step stays "interrupted" and the next decision, made on a fresh observation,
 * does whatever is still needed (R-INS-8).
 */
import type { Action } from '../model/decision';
import type { History } from '../model/history';
import type { ObservedHost } from '../model/observed-host';
import type { ActionOutcome } from '../outcome/apply-outcome';
import { markedInstall, ownershipFromHost } from '../outcome/ownership-from-host';
import { sameVersion } from '../version/sysmon-version';

export function inferInterruptedOutcome(action: Action, observed: ObservedHost, history: History, nowMs: number): ActionOutcome | null {
  switch (action.kind) {
    case 'install': {
      const ownership = ownershipFromHost(observed, nowMs);
      if (!ownership || !sameVersion(ownership.version, action.version) || ownership.sha256 !== action.sha256) return null;
      const rules = markedInstall(observed)?.appliedRulesSha256 ?? undefined;
      return { ok: true, ownership, rulesSha256: rules };
    }
    case 'uninstall': {
      if (markedInstall(observed) !== null) return null;
      const lingering = observed.installs.some((i) => i.service === null && i.driver?.name.toLowerCase() === action.driverName?.toLowerCase());
      return { ok: true, rebootRequired: lingering };
    }
    case 'remove-at-reboot':
      // The keys, and the marker with them, are gone: the rest happens at the reboot.
      return markedInstall(observed) === null ? { ok: true } : null;
    case 'apply-config': {
      // Only a re-apply of what we applied before can be recognised: the Rules value is
      // back to the hash we read after that apply. A new configuration stays unknown.
      const before = history.appliedConfig;
      const rules = markedInstall(observed)?.appliedRulesSha256 ?? null;
      const same = before !== null && before.configSha256 === action.configSha256 && sameVersion(before.version, action.version);
      return same && rules === before.rulesSha256 ? { ok: true, rulesSha256: rules } : null;
    }
    case 'restart-service':
      return markedInstall(observed)?.service?.state === 'running' ? { ok: true } : null;
    default:
      // notify-monitor: the monitor is told again if in doubt (see owedAfter).
      return null;
  }
}
