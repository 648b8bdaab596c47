/**
 * The ownership record taken from the host itself: right after our install (the
 * actuator re-observes), or when our marker is found without a record (adoption).
 */
import { parseOwnershipMarker } from '../identity/ownership-marker';
import type { OwnershipRecord } from '../model/history';
import type { ObservedHost, ObservedSysmonInstall } from '../model/observed-host';

/** The install carrying our marker, or null. */
export function markedInstall(observed: ObservedHost): ObservedSysmonInstall | null {
  return observed.installs.find((i) => !i.inbox && parseOwnershipMarker(i.service?.ownershipMarker ?? null) !== null) ?? null;
}

export function ownershipFromHost(observed: ObservedHost, installedAtMs: number): OwnershipRecord | null {
  const install = markedInstall(observed);
  const service = install?.service;
  const driver = install?.driver;
  const markerId = parseOwnershipMarker(service?.ownershipMarker ?? null);
  if (!service || !driver || !markerId || !service.binaryVersion || !service.binarySha256) return null;
  return {
    markerId,
    version: service.binaryVersion,
    sha256: service.binarySha256.toLowerCase(),
    serviceName: service.name,
    driverName: driver.name,
    serviceImagePath: service.imagePath,
    driverImagePath: driver.imagePath,
    serviceStartType: service.startType,
    driverStartType: driver.startType,
    installedAtMs,
  };
}
