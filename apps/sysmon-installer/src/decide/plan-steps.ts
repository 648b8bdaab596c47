/** Building blocks of action lists, shared by the rules in decide(). */
import type { Action, Operation, RemovalPurpose } from '../model/decision';
import type { ReleaseEntry } from '../model/desired-state';
import type { History, OwnershipRecord } from '../model/history';
import type { ObservedSysmonInstall } from '../model/observed-host';
import { releaseOf } from './choose-release';

/** R-INS-11: the events monitor checkpoints before and re-subscribes after any touch of Sysmon. */
export function touch(operation: Operation, steps: readonly Action[]): Action[] {
  return [
    { kind: 'notify-monitor', phase: 'before', operation },
    ...steps,
    { kind: 'notify-monitor', phase: 'after', operation },
  ];
}

export function installStep(release: ReleaseEntry, configSha256: string): Action {
  return { kind: 'install', version: release.version, sha256: release.sha256, configSha256 };
}

export interface RemovalInput {
  readonly ours: ObservedSysmonInstall;
  readonly own: OwnershipRecord | null;
  readonly history: History;
  readonly releases: readonly ReleaseEntry[];
  /** A verified binary to run `-u force` with when the installed one cannot be trusted. */
  readonly fallback: ReleaseEntry | null;
  readonly purpose: RemovalPurpose;
}

export type Removal =
  | { readonly kind: 'step'; readonly action: Action; readonly completesNow: boolean }
  | { readonly kind: 'exhausted' };

/**
 * The next way to remove our Sysmon, in the order the Sysmon maintainers document for
 * the protected 15.x service (BUG-20): the binary the service's ImagePath names (never
 * the new one), then `-u force`, then deleting the service and driver keys so that
 * the old Sysmon keeps running until the next boot. Each failed step is in
 * history.uninstallFailures, so a failure moves to the next step and a crash repeats
 * the same one. A binary is only ever run after its SHA-256 matched (R-INS-9): an
 * installed binary that does not match is skipped for our verified package copy.
 */
export function nextRemoval(input: RemovalInput): Removal {
  const { ours, own, history, releases, purpose } = input;
  const service = ours.service;
  const installedVersion = own?.version ?? service?.binaryVersion ?? null;
  const expected = own?.sha256 ?? (installedVersion ? releaseOf(releases, installedVersion)?.sha256 : undefined);
  const failed = new Set(history.uninstallFailures);
  const names = { serviceName: service?.name ?? null, driverName: ours.driver?.name ?? own?.driverName ?? null };
  const version = installedVersion ?? input.fallback?.version ?? 'unknown';

  const installedTrusted =
    service !== null && expected !== undefined && service.binarySha256?.toLowerCase() === expected && installedVersion !== null;
  if (!failed.has('installed-binary') && installedTrusted) {
    return {
      kind: 'step',
      completesNow: true,
      action: {
        kind: 'uninstall',
        using: 'installed-binary',
        binary: { version: installedVersion, sha256: expected, from: 'service-image-path' },
        ...names,
        installedVersion: version,
        purpose,
      },
    };
  }
  const packaged = (installedVersion ? releaseOf(releases, installedVersion) : null) ?? input.fallback;
  if (!failed.has('force') && packaged) {
    return {
      kind: 'step',
      completesNow: true,
      action: {
        kind: 'uninstall',
        using: 'force',
        binary: { version: packaged.version, sha256: packaged.sha256, from: 'package-store' },
        ...names,
        installedVersion: version,
        purpose,
      },
    };
  }
  const serviceName = names.serviceName ?? own?.serviceName;
  const driverName = names.driverName;
  if (!failed.has('remove-at-reboot') && serviceName && driverName) {
    return {
      kind: 'step',
      completesNow: false,
      action: { kind: 'remove-at-reboot', serviceName, driverName, fromVersion: version, purpose },
    };
  }
  return { kind: 'exhausted' };
}
