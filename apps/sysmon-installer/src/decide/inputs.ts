/** What every rule of decide() reads, and the helpers they share. */
import type { Action, Decision, SysmonState } from '../model/decision';
import type { DesiredState, ReleaseEntry } from '../model/desired-state';
import { installKey } from '../model/failure-keys';
import type { History, RepairReason } from '../model/history';
import type { ObservedHost, ObservedSysmonInstall } from '../model/observed-host';
import type { Policy } from '../model/policy';
import { compareVersions, sameVersion } from '../version/sysmon-version';
import { newestQuarantined, releaseOf, type ReleaseContext } from './choose-release';
import { namesOf } from './classify-installs';

const DAY_MS = 86_400_000;

export interface Inputs {
  readonly observed: ObservedHost;
  readonly desired: DesiredState;
  readonly policy: Policy;
  readonly history: History;
  readonly nowMs: number;
  readonly releases: ReleaseContext;
}

export function result(state: SysmonState, actions: readonly Action[] = [], notes: readonly string[] = []): Decision {
  return { state, actions, notes };
}

export function describeNames(install: ObservedSysmonInstall): string {
  const { service, driver } = namesOf(install);
  return [service && `service ${service}`, driver && `driver ${driver}`].filter(Boolean).join(', ');
}

export function quarantinedVersions(history: History, extra?: string): string[] {
  const versions = history.quarantined.map((q) => q.version);
  if (extra && !versions.some((v) => sameVersion(v, extra))) versions.push(extra);
  return versions;
}

/** A verified binary for `-u force` when the installed one cannot be trusted. */
export function forceBinary(input: Inputs, installed: string | null): ReleaseEntry | null {
  const releases = [...input.desired.releases].sort((a, b) => compareVersions(b.version, a.version));
  return (installed ? releaseOf(releases, installed) : null) ?? releases[0] ?? null;
}

export function installFailed(input: Inputs, release: ReleaseEntry): string | null {
  const f = input.history.installFailure;
  if (!f || f.key !== installKey(release.version) || f.count < input.policy.maxInstallAttempts) return null;
  return `installing Sysmon ${release.version} failed ${f.count} times, last: ${f.lastError}`;
}

/** A continuing repair is never blocked; a new one is, past the daily limit. */
export function repairLimitReached(input: Inputs, reason: RepairReason): boolean {
  const { history, policy, nowMs } = input;
  if (history.repairInProgress?.reason === reason) return false;
  const recent = history.repairs.filter((r) => r.atMs > nowMs - DAY_MS).length;
  return recent >= policy.maxRepairsPerDay;
}

export function noReleaseDetail(input: Inputs): string {
  const { releases } = input.desired;
  if (releases.length === 0) return 'the release manifest lists no release';
  const floor = newestQuarantined(input.history);
  return (
    `no release is eligible: none is past its ${input.policy.soakDays}-day soak, non-vulnerable, ` +
    `able to take configuration schema ${input.desired.config.schemaVersion}` +
    (floor ? ` and newer than quarantined ${floor}` : '')
  );
}

export function repairLimitDetail(input: Inputs): string {
  return `${input.policy.maxRepairsPerDay} repairs within 24 hours; repairing stopped until an operator looks`;
}
