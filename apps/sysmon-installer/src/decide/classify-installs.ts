/**
 * Which of the Sysmons found is ours (R-INS-1, R-INS-2). Ownership is the marker on
 * the service, never the name: an operator's Sysmon64/SysmonDrv looks exactly like
 * ours by name. Two narrow exceptions keep our own half-removed Sysmon from looking
 * foreign: a driver left without its service under the name we recorded, and the
 * leftovers of an uninstall that waits for a reboot.
 */
import { parseOwnershipMarker } from '../identity/ownership-marker';
import type { ForeignKind, InstallNames } from '../model/decision';
import type { History, PendingRebootRecord } from '../model/history';
import type { ObservedSysmonInstall } from '../model/observed-host';

export interface Classified {
  readonly ours: ObservedSysmonInstall | null;
  /** The id in our marker, when the service still carries it. */
  readonly markerId: string | null;
  readonly foreign: readonly ObservedSysmonInstall[];
}

const STANDARD_SERVICES = new Set(['sysmon', 'sysmon64', 'sysmon64a']);
const STANDARD_DRIVER = 'sysmondrv';

function same(a: string | null | undefined, b: string | null | undefined): boolean {
  return a != null && b != null && a.toLowerCase() === b.toLowerCase();
}

export function classifyInstalls(
  installs: readonly ObservedSysmonInstall[],
  history: History,
  pending: PendingRebootRecord | null,
): Classified {
  let ours: ObservedSysmonInstall | null = null;
  let markerId: string | null = null;
  const foreign: ObservedSysmonInstall[] = [];
  for (const install of installs) {
    const id = install.inbox ? null : parseOwnershipMarker(install.service?.ownershipMarker ?? null);
    const leftover = !install.inbox && id === null && isOurLeftover(install, history, pending);
    if (ours === null && (id !== null || leftover)) {
      ours = install;
      markerId = id;
    } else {
      foreign.push(install);
    }
  }
  return { ours, markerId, foreign };
}

function isOurLeftover(install: ObservedSysmonInstall, history: History, pending: PendingRebootRecord | null): boolean {
  if (pending) {
    const serviceMatches = install.service === null || same(install.service.name, pending.serviceName);
    const driverMatches = install.driver === null || same(install.driver.name, pending.driverName);
    // Until the reboot, the SCM may still list a service whose keys (and our marker) we
    // deleted, or a driver that outlives its uninstalled service.
    if (serviceMatches && driverMatches) return true;
  }
  const own = history.ownership;
  return own !== null && install.service === null && same(install.driver?.name, own.driverName);
}

export function foreignKind(install: ObservedSysmonInstall): ForeignKind {
  if (install.inbox) return 'inbox';
  const service = install.service?.name.toLowerCase() ?? null;
  const driver = install.driver?.name.toLowerCase() ?? null;
  const standardService = service === null || STANDARD_SERVICES.has(service);
  const standardDriver = driver === null || driver === STANDARD_DRIVER;
  return standardService && standardDriver ? 'standard' : 'renamed';
}

/** The kind to report when several are present: the one an operator most needs to hear about. */
export function dominantKind(installs: readonly ObservedSysmonInstall[]): ForeignKind {
  const kinds = installs.map(foreignKind);
  if (kinds.includes('inbox')) return 'inbox';
  if (kinds.includes('renamed')) return 'renamed';
  return 'standard';
}

export function namesOf(install: ObservedSysmonInstall): InstallNames {
  return { service: install.service?.name ?? null, driver: install.driver?.name ?? null };
}
