/**
 * Differences between our Sysmon as we installed it and as it is now (R-INS-4). A
 * stopped service is not tamper by itself: it gets a restart first, and only a
 * failed restart makes it a repair.
 */
import type { OwnershipRecord, RepairReason } from '../model/history';
import type { ObservedHost, ObservedSysmonInstall, RunState } from '../model/observed-host';
import { sameVersion } from '../version/sysmon-version';

export interface Tamper {
  readonly reason: RepairReason;
  readonly detail: string;
}

/** Windows paths: case-insensitive, either slash, an optional \??\ prefix and quotes. */
export function samePath(a: string, b: string): boolean {
  const norm = (p: string) =>
    p.trim().replace(/^"(.*)"$/, '$1').replace(/\//g, '\\').replace(/^\\\?\?\\/, '').toLowerCase();
  return norm(a) === norm(b);
}

export function findTamper(ours: ObservedSysmonInstall, own: OwnershipRecord, observed: ObservedHost): Tamper | null {
  const service = ours.service;
  const driver = ours.driver;
  if (!service) return { reason: 'service-removed', detail: `service ${own.serviceName} is gone` };
  if (!driver) return { reason: 'driver-removed', detail: `driver ${own.driverName} is gone` };
  if (service.binarySha256 === null) {
    return { reason: 'binary-unreadable', detail: `${service.imagePath} is missing or unreadable` };
  }
  if (service.binaryVersion === null || !sameVersion(service.binaryVersion, own.version)) {
    return { reason: 'binary-version', detail: `binary is ${service.binaryVersion ?? 'of unknown version'}, we installed ${own.version}` };
  }
  if (service.binarySha256.toLowerCase() !== own.sha256) {
    return { reason: 'binary-hash', detail: `binary SHA-256 ${service.binarySha256} is not the ${own.version} we installed` };
  }
  if (!samePath(service.imagePath, own.serviceImagePath)) {
    return { reason: 'image-path', detail: `ImagePath is ${service.imagePath}, we installed ${own.serviceImagePath}` };
  }
  if (service.startType !== own.serviceStartType) {
    return { reason: 'start-type', detail: `service start type is ${service.startType}, we installed ${own.serviceStartType}` };
  }
  const driverChange =
    driver.name.toLowerCase() !== own.driverName.toLowerCase()
      ? `driver is ${driver.name}, we installed ${own.driverName}`
      : !samePath(driver.imagePath, own.driverImagePath)
        ? `driver ImagePath is ${driver.imagePath}, we installed ${own.driverImagePath}`
        : driver.startType !== own.driverStartType
          ? `driver start type is ${driver.startType}, we installed ${own.driverStartType}`
          : null;
  if (driverChange) return { reason: 'driver-changed', detail: driverChange };
  if (!observed.channelPresent) {
    return { reason: 'channel-missing', detail: 'Microsoft-Windows-Sysmon/Operational is not registered' };
  }
  return null;
}

const NOT_RUNNING: ReadonlySet<RunState> = new Set(['stopped', 'stop-pending', 'paused']);

export function isStopped(ours: ObservedSysmonInstall): boolean {
  return NOT_RUNNING.has(ours.service?.state ?? 'stopped') || NOT_RUNNING.has(ours.driver?.state ?? 'stopped');
}
