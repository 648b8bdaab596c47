/**
 * Recognising Sysmon by what it is, not what it is called (R-INS-2, BUG-21). The
 * service and driver names follow the executable name and the DriverName option, and
 * sites rename both; the version resource of the binary, the minifilter altitude
 * (385201) and the channel do not change. The observer feeds every service and
 * minifilter it enumerates through here.
 */
import type { ObservedDriver, ObservedService, ObservedSysmonInstall } from '../model/observed-host';

export const SYSMON_ALTITUDE = '385201';

/** The fields of a VERSIONINFO resource that identify a product. */
export interface VersionResource {
  readonly originalFilename: string | null;
  readonly productName: string | null;
  readonly companyName: string | null;
}

export interface ServiceCandidate extends ObservedService {
  readonly versionResource: VersionResource | null;
  /** The binary belongs to the Windows inbox Sysmon optional feature. */
  readonly inboxFeature: boolean;
}

export interface DriverCandidate extends ObservedDriver {
  readonly versionResource: VersionResource | null;
  /** SHA-256 of Services\<name>\Parameters\Rules, when that value exists. */
  readonly rulesSha256: string | null;
}

const SERVICE_ORIGINAL_NAMES = /^sysmon(?:64a?|64)?\.exe$/i;
const DRIVER_ORIGINAL_NAMES = /^sysmondrv\.sys$/i;
const SYSINTERNALS = /sysinternals/i;

export function isSysmonServiceBinary(resource: VersionResource | null): boolean {
  if (!resource) return false;
  if (resource.originalFilename && SERVICE_ORIGINAL_NAMES.test(resource.originalFilename.trim())) return true;
  return /^sysinternals sysmon$/i.test(resource.productName?.trim() ?? '') && SYSINTERNALS.test(resource.companyName ?? '');
}

export function isSysmonDriver(driver: DriverCandidate): boolean {
  if (driver.altitude?.trim() === SYSMON_ALTITUDE) return true;
  const name = driver.versionResource?.originalFilename?.trim();
  return name !== undefined && DRIVER_ORIGINAL_NAMES.test(name);
}

/**
 * Groups the Sysmon services and drivers into installs. Only one minifilter can hold
 * altitude 385201, so a host has at most one live Sysmon driver; it is paired with the
 * running Sysmon service, else the first one. Leftovers stand alone.
 */
export function collectSysmonInstalls(
  services: readonly ServiceCandidate[],
  drivers: readonly DriverCandidate[],
): ObservedSysmonInstall[] {
  const sysmonServices = services.filter((s) => isSysmonServiceBinary(s.versionResource));
  const sysmonDrivers = drivers.filter(isSysmonDriver);
  const partner = sysmonServices.find((s) => s.state === 'running') ?? sysmonServices[0];
  const installs: ObservedSysmonInstall[] = [];
  const unpaired = [...sysmonDrivers];
  for (const service of sysmonServices) {
    const driver = service === partner ? unpaired.shift() ?? null : null;
    installs.push({
      service: stripService(service),
      driver: driver ? stripDriver(driver) : null,
      inbox: service.inboxFeature,
      appliedRulesSha256: driver?.rulesSha256 ?? null,
    });
  }
  for (const driver of unpaired) {
    installs.push({ service: null, driver: stripDriver(driver), inbox: false, appliedRulesSha256: driver.rulesSha256 });
  }
  return installs;
}

function stripService(s: ServiceCandidate): ObservedService {
  return {
    name: s.name,
    imagePath: s.imagePath,
    startType: s.startType,
    state: s.state,
    binaryVersion: s.binaryVersion,
    binarySha256: s.binarySha256,
    ownershipMarker: s.ownershipMarker,
  };
}

function stripDriver(d: DriverCandidate): ObservedDriver {
  return {
    name: d.name,
    imagePath: d.imagePath,
    startType: d.startType,
    state: d.state,
    altitude: d.altitude,
    binarySha256: d.binarySha256,
  };
}
