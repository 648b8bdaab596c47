/**
 * HostObserver over libs/platform's ports (R-INS-2, R-INS-6): enumerates services and
 * driver services, recognises Sysmon by version resource and altitude (never by name,
 * BUG-21), and reads this boot's unclean-shutdown evidence. Only Sysmon candidates are
 * hashed, so an idle pass costs a service listing and a few registry reads.
 */
import { createHash } from 'node:crypto';
import {
  DRIVER_KINDS,
  SYSMON_OPERATIONAL_CHANNEL,
  isPlatformError,
  serviceImageFile,
  sysmonParametersKey,
  type PlatformPorts,
  type ServiceInfo,
  type ServiceState,
  type ShutdownEvidence,
} from '@sysward/platform';
import {
  collectSysmonInstalls,
  isSysmonDriver,
  isSysmonServiceBinary,
  type DriverCandidate,
  type ServiceCandidate,
  type VersionResource,
} from '../identity/sysmon-identity';
import { OWNERSHIP_MARKER_VALUE_NAME } from '../identity/ownership-marker';
import type { ObservedHost, RunState, UncleanShutdownEvidence, UncleanShutdownSource } from '../model/observed-host';
import type { HostObserver } from '../journal/reconciler';
import { PENDING_RENAMES_VALUE, SESSION_MANAGER_KEY, serviceKey } from './sysmon-paths';

const SOURCES: Readonly<Record<ShutdownEvidence['eventId'], UncleanShutdownSource>> = {
  41: 'kernel-power-41',
  6008: 'eventlog-6008',
  1001: 'bugcheck-1001',
};

export function runState(state: ServiceState): RunState {
  switch (state) {
    case 'running':
    case 'stopped':
    case 'start-pending':
    case 'stop-pending':
    case 'paused':
      return state;
    default:
      return 'unknown';
  }
}

/** A missing file or key reads as "not there"; anything else is a real failure. */
async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (e) {
    if (isPlatformError(e) && (e.code === 'NOT_FOUND' || e.code === 'BUSY' || e.code === 'ACCESS_DENIED')) return null;
    throw e;
  }
}

function hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class PortHostObserver implements HostObserver {
  constructor(private readonly ports: PlatformPorts) {}

  async observe(): Promise<ObservedHost> {
    const { os, boots, services, channels } = this.ports;
    const version = await os.version();
    const boot = await boots.currentBoot();
    const all = await services.list();
    const serviceCandidates: ServiceCandidate[] = [];
    const driverCandidates: DriverCandidate[] = [];
    for (const info of all) {
      if (DRIVER_KINDS.includes(info.kind)) {
        const candidate = await this.driverCandidate(info);
        if (candidate) driverCandidates.push(candidate);
      } else {
        const candidate = await this.serviceCandidate(info);
        if (candidate) serviceCandidates.push(candidate);
      }
    }
    const uncleanShutdowns: UncleanShutdownEvidence[] =
      boot && boot.previousShutdown === 'unclean' ? boot.evidence.map((e) => ({ source: SOURCES[e.eventId], atMs: e.timeMs })) : [];
    const channelPresent = (await orNull(channels.info(SYSMON_OPERATIONAL_CHANNEL))) !== null;
    return {
      osVersion: `${version.major}.${version.minor}.${version.build}`,
      lastBootAtMs: boot?.startedMs ?? 0,
      installs: collectSysmonInstalls(serviceCandidates, driverCandidates),
      uncleanShutdowns,
      pendingReboot: await this.pendingReboot(),
      channelPresent,
    };
  }

  private async versionResource(path: string): Promise<{ resource: VersionResource; fileVersion: string } | null> {
    const info = await orNull(this.ports.files.versionInfo(path));
    if (!info) return null;
    return {
      resource: { originalFilename: info.originalFilename || null, productName: info.productName || null, companyName: info.companyName || null },
      fileVersion: info.fileVersion,
    };
  }

  private async serviceCandidate(info: ServiceInfo): Promise<ServiceCandidate | null> {
    const file = serviceImageFile(info.imagePath, info.kind);
    const version = await this.versionResource(file);
    if (!version || !isSysmonServiceBinary(version.resource)) return null;
    const marker = await orNull(this.ports.registry.getValue(serviceKey(info.name), OWNERSHIP_MARKER_VALUE_NAME));
    return {
      name: info.name,
      imagePath: info.imagePath,
      startType: info.startType,
      state: runState(info.state),
      binaryVersion: version.fileVersion || null,
      binarySha256: await orNull(this.ports.files.sha256(file)),
      ownershipMarker: marker && (marker.type === 'REG_SZ' || marker.type === 'REG_EXPAND_SZ') ? marker.data : null,
      versionResource: version.resource,
      // The inbox Sysmon is Windows' own binary, not Sysinternals' (BUG-21).
      inboxFeature: /microsoft corporation/i.test(version.resource.companyName ?? ''),
    };
  }

  private async driverCandidate(info: ServiceInfo): Promise<DriverCandidate | null> {
    const key = serviceKey(info.name);
    const instance = await orNull(this.ports.registry.getValue(`${key}\\Instances`, 'DefaultInstance'));
    const altitudeValue =
      instance && instance.type === 'REG_SZ' ? await orNull(this.ports.registry.getValue(`${key}\\Instances\\${instance.data}`, 'Altitude')) : null;
    const altitude = altitudeValue && altitudeValue.type === 'REG_SZ' ? altitudeValue.data : null;
    const file = serviceImageFile(info.imagePath, info.kind);
    const version = altitude ? null : await this.versionResource(file);
    const base = {
      name: info.name,
      imagePath: info.imagePath,
      startType: info.startType,
      state: runState(info.state),
      altitude,
      binarySha256: null,
      versionResource: version?.resource ?? null,
      rulesSha256: null,
    };
    if (!isSysmonDriver(base)) return null;
    const rules = await orNull(this.ports.registry.getValue(sysmonParametersKey(info.name), 'Rules'));
    return {
      ...base,
      binarySha256: await orNull(this.ports.files.sha256(file)),
      rulesSha256: rules && rules.type === 'REG_BINARY' ? hex(rules.data) : null,
    };
  }

  private async pendingReboot(): Promise<boolean> {
    const value = await orNull(this.ports.registry.getValue(SESSION_MANAGER_KEY, PENDING_RENAMES_VALUE));
    return value !== null && value.type === 'REG_MULTI_SZ' && value.data.some((s) => s.length > 0);
  }
}
