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
import type { Action, Decision, SysmonState } from '../model/decision';
import type { DesiredState } from '../model/desired-state';
import type { History, PendingRebootRecord } from '../model/history';
import type { ObservedHost, ObservedSysmonInstall } from '../model/observed-host';
import type { Policy } from '../model/policy';
import { sameVersion } from '../version/sysmon-version';
import { classifyInstalls, dominantKind, namesOf } from './classify-installs';
import { findCrash, type CrashFinding } from './crash';
import { describeNames, forceBinary, quarantinedVersions, result, type Inputs } from './inputs';
import { nextRemoval, touch } from './plan-steps';
import { decideAbsent } from './when-absent';
import { decidePresent } from './when-ours-present';

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

  if (foreign.length > 0) {
    if (ours === null && observed.pendingReboot && foreign.every((i) => i.service === null && !i.inbox)) {
      return removalAwaitsReboot(foreign);
    }
    return standBack(foreign, ours);
  }
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

/**
 * Only Sysmon drivers without a service, and Windows waits for a reboot: an uninstall
 * (ours whose record was lost, or someone's) finishes at the next boot. Nothing to use,
 * nothing to install beside it.
 */
function removalAwaitsReboot(drivers: readonly ObservedSysmonInstall[]): Decision {
  return result({
    status: 'FAILED',
    reason: 'pending-reboot',
    detail: `a Sysmon driver without its service (${drivers.map(describeNames).join('; ')}) is removed at the next reboot`,
  });
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
