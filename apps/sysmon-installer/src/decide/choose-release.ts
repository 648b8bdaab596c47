/**
 * Which managed release to run (R-INS-6, R-INS-7, BUG-17). Never a vulnerable one,
 * never a quarantined one or anything not newer than the newest quarantined one, never
 * one that cannot take the managed configuration's schema. Among those: the newest
 * past its soak period, or, when the installed one is vulnerable, the newest at once.
 */
import { binaryAcceptsSchema } from '../config/binary-schema-table';
import type { ReleaseEntry } from '../model/desired-state';
import type { History } from '../model/history';
import type { Policy } from '../model/policy';
import { compareVersions, isKnownVulnerable, sameVersion } from '../version/sysmon-version';

const DAY_MS = 86_400_000;

export interface ReleaseContext {
  readonly releases: readonly ReleaseEntry[];
  readonly configSchemaVersion: string;
  readonly policy: Policy;
  readonly history: History;
  readonly nowMs: number;
}

export function releaseOf(releases: readonly ReleaseEntry[], version: string): ReleaseEntry | null {
  return releases.find((r) => sameVersion(r.version, version)) ?? null;
}

/** Vulnerable by the manifest's flag or by the built-in floor; the flag can only add. */
export function isVulnerable(releases: readonly ReleaseEntry[], version: string): boolean {
  return isKnownVulnerable(version) || releaseOf(releases, version)?.vulnerable === true;
}

export function newestQuarantined(history: History): string | null {
  let newest: string | null = null;
  for (const q of history.quarantined) if (newest === null || compareVersions(q.version, newest) > 0) newest = q.version;
  return newest;
}

export function soakEndsAtMs(release: ReleaseEntry, soakDays: number): number {
  return Date.parse(`${release.releaseDate}T00:00:00Z`) + soakDays * DAY_MS;
}

function eligible(ctx: ReleaseContext): ReleaseEntry[] {
  const quarantineFloor = newestQuarantined(ctx.history);
  return ctx.releases
    .filter((r) => !isVulnerable(ctx.releases, r.version))
    .filter((r) => quarantineFloor === null || compareVersions(r.version, quarantineFloor) > 0)
    .filter((r) => binaryAcceptsSchema(r.version, ctx.configSchemaVersion))
    .sort((a, b) => compareVersions(b.version, a.version));
}

function soaked(ctx: ReleaseContext, r: ReleaseEntry): boolean {
  return ctx.nowMs >= soakEndsAtMs(r, ctx.policy.soakDays);
}

/** For a host without our Sysmon: the newest eligible release past its soak. */
export function chooseFreshRelease(ctx: ReleaseContext): ReleaseEntry | null {
  return eligible(ctx).find((r) => soaked(ctx, r)) ?? null;
}

export type UpgradeChoice =
  | { readonly kind: 'stay' }
  | { readonly kind: 'upgrade'; readonly release: ReleaseEntry; readonly because: 'soaked' | 'installed-vulnerable' }
  | { readonly kind: 'vulnerable-without-fix' };

/**
 * For a host running our Sysmon at `installed`. A vulnerable installed version is
 * replaced by the newest non-vulnerable release at once, skipping the soak, even if
 * that release is older (a flagged newest release is worse than a clean older one).
 */
export function chooseUpgrade(ctx: ReleaseContext, installed: string): UpgradeChoice {
  const candidates = eligible(ctx);
  if (isVulnerable(ctx.releases, installed)) {
    const fix = candidates[0];
    return fix ? { kind: 'upgrade', release: fix, because: 'installed-vulnerable' } : { kind: 'vulnerable-without-fix' };
  }
  const next = candidates.find((r) => compareVersions(r.version, installed) > 0 && soaked(ctx, r));
  return next ? { kind: 'upgrade', release: next, because: 'soaked' } : { kind: 'stay' };
}
