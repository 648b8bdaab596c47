/** R-INS-4, R-INS-5, R-INS-7: our Sysmon is on the host. */
import { binaryAcceptsSchema } from '../config/binary-schema-table';
import type { Action, Decision, SysmonState } from '../model/decision';
import type { ReleaseEntry } from '../model/desired-state';
import { configKey } from '../model/failure-keys';
import type { OwnershipRecord } from '../model/history';
import type { ObservedSysmonInstall } from '../model/observed-host';
import { compareVersions, sameVersion } from '../version/sysmon-version';
import { chooseFreshRelease, chooseUpgrade, isVulnerable, newestQuarantined, releaseOf } from './choose-release';
import { findTamper, isStopped, type Tamper } from './find-tamper';
import { installFailed, noReleaseDetail, repairLimitDetail, repairLimitReached, result, type Inputs } from './inputs';
import { installStep, nextRemoval, touch } from './plan-steps';

/** The version to put back after a repair: an upgrade if one is due, else the same one if still allowed. */
function reinstallTarget(input: Inputs, installed: string | null): ReleaseEntry | null {
  if (installed) {
    const upgrade = chooseUpgrade(input.releases, installed);
    if (upgrade.kind === 'upgrade') return upgrade.release;
    const same = releaseOf(input.desired.releases, installed);
    const floor = newestQuarantined(input.history);
    if (
      same &&
      !isVulnerable(input.desired.releases, same.version) &&
      (floor === null || compareVersions(same.version, floor) > 0) &&
      binaryAcceptsSchema(same.version, input.desired.config.schemaVersion)
    ) {
      return same;
    }
  }
  return chooseFreshRelease(input.releases);
}

/** R-INS-4: uninstall and reinstall; the repair is counted before anything is touched. */
function repair(input: Inputs, ours: ObservedSysmonInstall, own: OwnershipRecord | null, tamper: Tamper): Decision {
  if (repairLimitReached(input, tamper.reason)) {
    return result({ status: 'FAILED', reason: 'repair-limit', detail: `${repairLimitDetail(input)}; last: ${tamper.detail}` });
  }
  const installed = own?.version ?? ours.service?.binaryVersion ?? null;
  const target = reinstallTarget(input, installed);
  if (!target) return result({ status: 'FAILED', reason: 'no-eligible-release', detail: `${tamper.detail}; ${noReleaseDetail(input)}` });
  const failed = installFailed(input, target);
  if (failed) return result({ status: 'FAILED', reason: 'install-failed', detail: failed });
  const removal = nextRemoval({
    ours,
    own,
    history: input.history,
    releases: input.desired.releases,
    fallback: target,
    purpose: 'repair',
  });
  if (removal.kind === 'exhausted') {
    return result({ status: 'FAILED', reason: 'uninstall-failed', detail: `${tamper.detail}; every documented way to remove it failed` });
  }
  const steps = removal.completesNow ? [removal.action, installStep(target, input.desired.config.sha256)] : [removal.action];
  return result(
    { status: 'MANAGED', version: target.version, reason: 'repairing', detail: tamper.detail },
    [{ kind: 'record-repair', reason: tamper.reason, detail: tamper.detail }, ...touch('repair', steps)],
  );
}

/** Our marker with no matching record (the store was lost or a step's record was): adopt it if it verifies. */
function adopt(input: Inputs, ours: ObservedSysmonInstall, markerId: string | null): Decision {
  const service = ours.service;
  const version = service?.binaryVersion ?? null;
  const release = version ? releaseOf(input.desired.releases, version) : null;
  if (service && markerId && release && service.binarySha256?.toLowerCase() === release.sha256) {
    return result(
      { status: 'MANAGED', version: release.version, reason: 'in-desired-state', detail: `recording Sysmon ${release.version} as ours again` },
      [{ kind: 'record-ownership', markerId }],
    );
  }
  const tamper: Tamper =
    service?.binarySha256 == null
      ? { reason: 'binary-unreadable', detail: 'our Sysmon binary is missing or unreadable and we hold no record of it' }
      : { reason: 'binary-hash', detail: `our Sysmon binary (${version ?? 'unknown version'}) matches no release in the manifest` };
  return repair(input, ours, null, tamper);
}

export function decidePresent(input: Inputs, ours: ObservedSysmonInstall, markerId: string | null): Decision {
  const own = input.history.ownership;
  if (!own || (markerId !== null && own.markerId !== markerId)) return adopt(input, ours, markerId);

  const tamper = findTamper(ours, own, input.observed);
  if (tamper) return repair(input, ours, own, tamper);
  if (isStopped(ours)) {
    if (input.history.restartFailedAtMs === null) {
      return result(
        { status: 'MANAGED', version: own.version, reason: 'restarting', detail: `service ${own.serviceName} is stopped` },
        touch('restart', [{ kind: 'restart-service', serviceName: own.serviceName }]),
      );
    }
    return repair(input, ours, own, {
      reason: 'stopped-not-restartable',
      detail: `service ${own.serviceName} is stopped and did not restart`,
    });
  }

  const notes: string[] = [];
  const choice = chooseUpgrade(input.releases, own.version);
  if (choice.kind === 'upgrade') {
    const failed = installFailed(input, choice.release);
    if (failed) {
      notes.push(`${failed}; staying on ${own.version}`);
    } else {
      const removal = nextRemoval({
        ours,
        own,
        history: input.history,
        releases: input.desired.releases,
        fallback: choice.release,
        purpose: 'upgrade',
      });
      if (removal.kind === 'step') {
        const steps = removal.completesNow ? [removal.action, installStep(choice.release, input.desired.config.sha256)] : [removal.action];
        const why = choice.because === 'installed-vulnerable' ? `${own.version} is vulnerable` : `${choice.release.version} passed its soak`;
        return result(
          { status: 'MANAGED', version: own.version, reason: 'upgrading', detail: `upgrading to ${choice.release.version}: ${why}` },
          touch('upgrade', steps),
        );
      }
      notes.push(`upgrade to ${choice.release.version} blocked: every documented way to remove ${own.version} failed`);
    }
  } else if (choice.kind === 'vulnerable-without-fix') {
    notes.push(`Sysmon ${own.version} is vulnerable and no eligible release replaces it`);
  }
  return checkConfig(input, ours, own, notes);
}

/** R-INS-5: compare the Rules value with what we read right after our own apply, never timestamps. */
function checkConfig(input: Inputs, ours: ObservedSysmonInstall, own: OwnershipRecord, notes: string[]): Decision {
  const { history, desired, policy } = input;
  const applied = history.appliedConfig;
  const expected =
    applied && applied.configSha256 === desired.config.sha256 && sameVersion(applied.version, own.version) ? applied.rulesSha256 : null;
  const inPlace: SysmonState = { status: 'MANAGED', version: own.version, reason: 'in-desired-state', detail: `Sysmon ${own.version} as managed` };
  if (expected !== null && ours.appliedRulesSha256 === expected) return result(inPlace, [], notes);

  const notApplied = (why: string): Decision =>
    result({ status: 'MANAGED', version: own.version, reason: 'config-not-applied', detail: why }, [], notes);
  if (!binaryAcceptsSchema(own.version, desired.config.schemaVersion)) {
    return notApplied(`configuration schema ${desired.config.schemaVersion} is newer than Sysmon ${own.version} accepts; it keeps its current configuration`);
  }
  const failure = history.configApplyFailure;
  if (failure && failure.key === configKey(desired.config.sha256, own.version) && failure.count >= policy.maxInstallAttempts) {
    return notApplied(`applying the managed configuration failed ${failure.count} times (${failure.lastError}); Sysmon keeps its previous one`);
  }
  const drifted = expected !== null;
  if (drifted && repairLimitReached(input, 'config-changed')) {
    return result({ status: 'FAILED', reason: 'repair-limit', detail: `${repairLimitDetail(input)}; last: configuration changed` }, [], notes);
  }
  const detail = drifted ? 'the applied configuration differs from the managed one' : 'the managed configuration is not applied yet';
  const actions: Action[] = drifted ? [{ kind: 'record-repair', reason: 'config-changed', detail }] : [];
  actions.push(...touch('apply-config', [{ kind: 'apply-config', version: own.version, configSha256: desired.config.sha256 }]));
  return result({ status: 'MANAGED', version: own.version, reason: 're-applying-config', detail }, actions, notes);
}
