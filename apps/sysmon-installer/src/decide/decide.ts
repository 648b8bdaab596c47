/**
 * The installer's one decision (R-INS-8): from what the host looks like, what the
 * operator wants, the policy and what we did before, to the Sysmon state to report
 * and the actions that get there. Pure: no clock, no I/O, no randomness; every rule
 * of SPEC §3 is a row in its table tests.
 *
 * Order matters and is the order of precedence:
 *   1. a Sysmon we did not install          -> stand back, touch nothing (R-INS-2)
 *   2. a removal waiting for a reboot       -> wait (BUG-20)
 *   3. an unclean shutdown under our Sysmon -> quarantine and remove (R-INS-6)
 *   4. our quarantined version still there  -> keep removing it
 *   5. no Sysmon of ours                    -> install, if allowed (R-INS-1, -3, -7)
 *   6. ours, changed                        -> restart or reinstall (R-INS-4)
 *   7. ours, newer release due              -> upgrade (R-INS-7, BUG-20)
 *   8. ours, configuration differs          -> re-apply (R-INS-5)
 */
import { binaryAcceptsSchema } from '../config/binary-schema-table';
import type { Action, Decision, SysmonState } from '../model/decision';
import type { DesiredState, ReleaseEntry } from '../model/desired-state';
import { configKey, installKey } from '../model/failure-keys';
import type { History, OwnershipRecord, PendingRebootRecord, RepairReason } from '../model/history';
import type { ObservedHost, ObservedSysmonInstall } from '../model/observed-host';
import type { Policy } from '../model/policy';
import { compareOsVersions, parseOsVersion } from '../version/os-version';
import { compareVersions, sameVersion } from '../version/sysmon-version';
import {
  chooseFreshRelease,
  chooseUpgrade,
  isVulnerable,
  newestQuarantined,
  releaseOf,
  type ReleaseContext,
} from './choose-release';
import { classifyInstalls, dominantKind, namesOf } from './classify-installs';
import { findCrash, type CrashFinding } from './crash';
import { findTamper, isStopped, type Tamper } from './find-tamper';
import { installStep, nextRemoval, touch } from './plan-steps';

const DAY_MS = 86_400_000;

interface Inputs {
  readonly observed: ObservedHost;
  readonly desired: DesiredState;
  readonly policy: Policy;
  readonly history: History;
  readonly nowMs: number;
  readonly releases: ReleaseContext;
}

export function decide(
  observed: ObservedHost,
  desired: DesiredState,
  policy: Policy,
  history: History,
  nowMs: number,
): Decision {
  const input: Inputs = {
    observed,
    desired,
    policy,
    history,
    nowMs,
    releases: { releases: desired.releases, configSchemaVersion: desired.config.schemaVersion, policy, history, nowMs },
  };
  const record = history.upgradePendingReboot;
  const pending = record && observed.lastBootAtMs <= record.sinceMs ? record : null;
  const { ours, markerId, foreign } = classifyInstalls(observed.installs, history, pending);

  if (foreign.length > 0) return standBack(foreign, ours);
  if (pending) return waitForReboot(input, pending, ours);

  const crash = findCrash(observed, history, ours, record && !pending ? record : null);
  if (crash) return quarantine(input, crash, ours);

  const installed = ours ? (history.ownership?.version ?? ours.service?.binaryVersion ?? null) : null;
  if (ours && installed && history.quarantined.some((q) => sameVersion(q.version, installed))) {
    return keepRemovingQuarantined(input, ours);
  }
  if (!ours) return decideAbsent(input);
  return decidePresent(input, ours, markerId);
}

function result(state: SysmonState, actions: readonly Action[] = [], notes: readonly string[] = []): Decision {
  return { state, actions, notes };
}

function describeNames(install: ObservedSysmonInstall): string {
  const { service, driver } = namesOf(install);
  return [service && `service ${service}`, driver && `driver ${driver}`].filter(Boolean).join(', ');
}

/** R-INS-2, BUG-21: whatever its names, a Sysmon without our marker is left exactly as it is. */
function standBack(foreign: readonly ObservedSysmonInstall[], ours: ObservedSysmonInstall | null): Decision {
  const kind = dominantKind(foreign);
  const notes = ours
    ? [`the Sysmon Sysward installed (${describeNames(ours)}) is present beside it and is left untouched too`]
    : [];
  return result(
    {
      status: 'FOREIGN_SYSMON',
      kind,
      installs: foreign.map(namesOf),
      reason: 'foreign-present',
      detail: `${kind} Sysmon not installed by Sysward: ${foreign.map(describeNames).join('; ')}`,
    },
    [],
    notes,
  );
}

/** BUG-20: the removal completes at the next boot; until then nothing more can be done. */
function waitForReboot(input: Inputs, pending: PendingRebootRecord, ours: ObservedSysmonInstall | null): Decision {
  const running = ours?.service?.state === 'running';
  if (pending.purpose === 'quarantine') {
    return result({
      status: 'QUARANTINED',
      versions: quarantinedVersions(input.history),
      reason: 'unclean-shutdown',
      detail: `removal of Sysmon ${pending.fromVersion} completes at the next reboot`,
    });
  }
  if (pending.purpose === 'upgrade' && running) {
    return result({
      status: 'MANAGED',
      version: pending.fromVersion,
      reason: 'upgrade-pending-reboot',
      detail: `Sysmon ${pending.fromVersion} keeps running until the reboot that completes its removal`,
    });
  }
  return result({
    status: 'FAILED',
    reason: 'pending-reboot',
    detail: `Sysmon ${pending.fromVersion} was removed for ${pending.purpose === 'upgrade' ? 'an upgrade' : 'a repair'}; reinstalling waits for a reboot`,
  });
}

function quarantinedVersions(history: History, extra?: string): string[] {
  const versions = history.quarantined.map((q) => q.version);
  if (extra && !versions.some((v) => sameVersion(v, extra))) versions.push(extra);
  return versions;
}

/** A verified binary for `-u force` when the installed one cannot be trusted. */
function forceBinary(input: Inputs, installed: string | null): ReleaseEntry | null {
  const releases = [...input.desired.releases].sort((a, b) => compareVersions(b.version, a.version));
  return (installed ? releaseOf(releases, installed) : null) ?? releases[0] ?? null;
}

/** R-INS-6: record the quarantine first, so a crash during the removal still remembers it. */
function quarantine(input: Inputs, crash: CrashFinding, ours: ObservedSysmonInstall | null): Decision {
  const actions: Action[] = [{ kind: 'quarantine', ...crash }];
  if (ours) {
    const removal = nextRemoval({
      ours,
      own: input.history.ownership,
      history: input.history,
      releases: input.desired.releases,
      fallback: forceBinary(input, crash.version),
      purpose: 'quarantine',
    });
    if (removal.kind === 'step') actions.push(...touch('quarantine', [removal.action]));
  }
  return result(
    {
      status: 'QUARANTINED',
      versions: quarantinedVersions(input.history, crash.version),
      reason: 'unclean-shutdown',
      detail: `the host went down uncleanly at ${new Date(crash.crashAtMs).toISOString()} while Sysmon ${crash.version} was installed`,
    },
    actions,
  );
}

/** A quarantined version stays removed; tamper and configuration do not matter any more. */
function keepRemovingQuarantined(input: Inputs, ours: ObservedSysmonInstall): Decision {
  const installed = input.history.ownership?.version ?? ours.service?.binaryVersion ?? null;
  const removal = nextRemoval({
    ours,
    own: input.history.ownership,
    history: input.history,
    releases: input.desired.releases,
    fallback: forceBinary(input, installed),
    purpose: 'quarantine',
  });
  const state: SysmonState = {
    status: 'QUARANTINED',
    versions: quarantinedVersions(input.history),
    reason: 'unclean-shutdown',
    detail: `Sysmon ${installed ?? '(unknown version)'} is quarantined and is being removed`,
  };
  if (removal.kind === 'exhausted') {
    return result(state, [], ['every documented way to remove the quarantined Sysmon failed']);
  }
  return result(state, touch('quarantine', [removal.action]));
}

function osSupported(input: Inputs): boolean {
  const os = parseOsVersion(input.observed.osVersion);
  const min = parseOsVersion(input.policy.minimumOsVersion);
  return os !== null && min !== null && compareOsVersions(os, min) >= 0;
}

function installFailed(input: Inputs, release: ReleaseEntry): string | null {
  const f = input.history.installFailure;
  if (!f || f.key !== installKey(release.version) || f.count < input.policy.maxInstallAttempts) return null;
  return `installing Sysmon ${release.version} failed ${f.count} times, last: ${f.lastError}`;
}

/** A continuing repair is never blocked; a new one is, past the daily limit. */
function repairLimitReached(input: Inputs, reason: RepairReason): boolean {
  const { history, policy, nowMs } = input;
  if (history.repairInProgress?.reason === reason) return false;
  const recent = history.repairs.filter((r) => r.atMs > nowMs - DAY_MS).length;
  return recent >= policy.maxRepairsPerDay;
}

function noReleaseDetail(input: Inputs): string {
  const { releases } = input.desired;
  if (releases.length === 0) return 'the release manifest lists no release';
  const floor = newestQuarantined(input.history);
  return (
    `no release is eligible: none is past its ${input.policy.soakDays}-day soak, non-vulnerable, ` +
    `able to take configuration schema ${input.desired.config.schemaVersion}` +
    (floor ? ` and newer than quarantined ${floor}` : '')
  );
}

/** R-INS-1 and R-INS-3: nothing of ours on the host. */
function decideAbsent(input: Inputs): Decision {
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

function repairLimitDetail(input: Inputs): string {
  return `${input.policy.maxRepairsPerDay} repairs within 24 hours; repairing stopped until an operator looks`;
}

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

function decidePresent(input: Inputs, ours: ObservedSysmonInstall, markerId: string | null): Decision {
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
