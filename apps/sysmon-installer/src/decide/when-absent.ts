/** R-INS-1 and R-INS-3: the host has no Sysmon of ours. */
import type { Action, Decision } from '../model/decision';
import { compareOsVersions, parseOsVersion } from '../version/os-version';
import { chooseFreshRelease, newestQuarantined } from './choose-release';
import {
  installFailed,
  noReleaseDetail,
  quarantinedVersions,
  repairLimitDetail,
  repairLimitReached,
  result,
  type Inputs,
} from './inputs';
import { installStep, touch } from './plan-steps';

function osSupported(input: Inputs): boolean {
  const os = parseOsVersion(input.observed.osVersion);
  const min = parseOsVersion(input.policy.minimumOsVersion);
  return os !== null && min !== null && compareOsVersions(os, min) >= 0;
}

/** R-INS-1 and R-INS-3: nothing of ours on the host. */
export function decideAbsent(input: Inputs): Decision {
  const { history, policy, observed, desired } = input;
  if (policy.selfManaged) {
    return result({ status: 'FAILED', reason: 'self-managed-without-sysmon', detail: 'self-managed mode is on and no Sysmon is installed' });
  }
  if (!osSupported(input)) {
    return result({
      status: 'UNSUPPORTED',
      reason: 'os-too-old',
      detail: `Windows ${observed.osVersion} is older than ${policy.minimumOsVersion}, the oldest the managed Sysmon supports`,
    });
  }
  const release = chooseFreshRelease(input.releases);
  if (!release) {
    if (history.quarantined.length > 0) {
      return result({
        status: 'QUARANTINED',
        versions: quarantinedVersions(history),
        reason: 'awaiting-newer-release',
        detail: `waiting for a release newer than ${newestQuarantined(history)} past its soak period`,
      });
    }
    return result({ status: 'FAILED', reason: 'no-eligible-release', detail: noReleaseDetail(input) });
  }
  const failed = installFailed(input, release);
  if (failed) return result({ status: 'FAILED', reason: 'install-failed', detail: failed });

  // Ours vanished without our doing: that is tamper (R-INS-4, "service removed").
  const removedBehindOurBack = history.ownership !== null;
  if (removedBehindOurBack && repairLimitReached(input, 'service-removed')) {
    return result({ status: 'FAILED', reason: 'repair-limit', detail: repairLimitDetail(input) });
  }
  const actions: Action[] = removedBehindOurBack
    ? [{ kind: 'record-repair', reason: 'service-removed', detail: `Sysmon ${history.ownership?.version} we installed is gone` }]
    : [];
  const repairing = removedBehindOurBack || history.repairInProgress !== null;
  actions.push(...touch(repairing ? 'repair' : 'install', [installStep(release, desired.config.sha256)]));
  return result(
    {
      status: 'MANAGED',
      version: release.version,
      reason: repairing ? 'repairing' : 'installing',
      detail: `installing Sysmon ${release.version}`,
    },
    actions,
  );
}
