/** Small builders for decide() inputs, so each table row states only what matters to it. */
import { createHash } from 'node:crypto';
import {
  DEFAULT_POLICY,
  EMPTY_HISTORY,
  formatOwnershipMarker,
  type Action,
  type Decision,
  type DesiredState,
  type History,
  type ObservedDriver,
  type ObservedHost,
  type ObservedService,
  type ObservedSysmonInstall,
  type OwnershipRecord,
  type Policy,
  type ReleaseEntry,
} from '../../src';

export const DAY = 86_400_000;
/** "Now" in every table: 2026-03-01T00:00:00Z. */
export const NOW = Date.parse('2026-03-01T00:00:00Z');
export const BOOT = NOW - 2 * DAY;
export const MARKER_ID = 'agent-0001';

export function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function binarySha(version: string): string {
  return sha(`Sysmon64.exe ${version}`);
}

/** What Sysmon stores as Rules for a config applied with a binary version. */
export function rulesSha(configSha: string, version: string): string {
  return sha(`rules ${configSha} ${version}`);
}

export function release(version: string, releaseDate: string, vulnerable = false): ReleaseEntry {
  return { version, sha256: binarySha(version), releaseDate, vulnerable };
}

/** Long soaked releases, plus the vulnerable 14.11 the built-in floor rejects anyway. */
export const RELEASES: readonly ReleaseEntry[] = [
  release('14.11', '2022-11-08'),
  release('14.14', '2023-06-05'),
  release('15.14', '2024-02-13'),
  release('15.15', '2024-07-23'),
];

export const CONFIG = { sha256: sha('managed config A'), schemaVersion: '4.90' };

export function desired(releases: readonly ReleaseEntry[] = RELEASES, config = CONFIG): DesiredState {
  return { releases, config };
}

export function policy(overrides: Partial<Policy> = {}): Policy {
  return { ...DEFAULT_POLICY, ...overrides };
}

export function service(version: string, overrides: Partial<ObservedService> = {}): ObservedService {
  return {
    name: 'Sysmon64',
    imagePath: 'C:\\Windows\\Sysmon64.exe',
    startType: 'auto',
    state: 'running',
    binaryVersion: version,
    binarySha256: binarySha(version),
    ownershipMarker: formatOwnershipMarker(MARKER_ID),
    ...overrides,
  };
}

export function driver(overrides: Partial<ObservedDriver> = {}): ObservedDriver {
  return {
    name: 'SysmonDrv',
    imagePath: 'C:\\Windows\\SysmonDrv.sys',
    startType: 'boot',
    state: 'running',
    altitude: '385201',
    binarySha256: sha('SysmonDrv.sys'),
    ...overrides,
  };
}

/** Our Sysmon as we install it: marker on, config A applied. */
export function ours(version: string, overrides: Partial<ObservedSysmonInstall> = {}, svc: Partial<ObservedService> = {}): ObservedSysmonInstall {
  return {
    service: service(version, svc),
    driver: driver(),
    inbox: false,
    appliedRulesSha256: rulesSha(CONFIG.sha256, version),
    ...overrides,
  };
}

/** Someone else's Sysmon: no marker. */
export function foreign(version: string, names: { service?: string | null; driver?: string | null; image?: string } = {}, inbox = false): ObservedSysmonInstall {
  const serviceName = names.service === undefined ? 'Sysmon64' : names.service;
  const driverName = names.driver === undefined ? 'SysmonDrv' : names.driver;
  return {
    service:
      serviceName === null
        ? null
        : service(version, { name: serviceName, imagePath: names.image ?? `C:\\Windows\\${serviceName}.exe`, ownershipMarker: null }),
    driver: driverName === null ? null : driver({ name: driverName, imagePath: `C:\\Windows\\${driverName}.sys` }),
    inbox,
    appliedRulesSha256: sha('their rules'),
  };
}

export function host(overrides: Partial<ObservedHost> = {}): ObservedHost {
  return {
    osVersion: '10.0.19045',
    lastBootAtMs: BOOT,
    installs: [],
    uncleanShutdowns: [],
    pendingReboot: false,
    channelPresent: true,
    ...overrides,
  };
}

export function ownership(version: string, overrides: Partial<OwnershipRecord> = {}): OwnershipRecord {
  return {
    markerId: MARKER_ID,
    version,
    sha256: binarySha(version),
    serviceName: 'Sysmon64',
    driverName: 'SysmonDrv',
    serviceImagePath: 'C:\\Windows\\Sysmon64.exe',
    driverImagePath: 'C:\\Windows\\SysmonDrv.sys',
    serviceStartType: 'auto',
    driverStartType: 'boot',
    installedAtMs: BOOT - 30 * DAY,
    ...overrides,
  };
}

/** History of a host where we installed `version` with config A some time ago. */
export function owned(version: string, overrides: Partial<History> = {}): History {
  return {
    ...EMPTY_HISTORY,
    ownership: ownership(version),
    appliedConfig: { configSha256: CONFIG.sha256, version, rulesSha256: rulesSha(CONFIG.sha256, version), atMs: BOOT - 30 * DAY },
    ...overrides,
  };
}

export function summarize(action: Action): string {
  switch (action.kind) {
    case 'notify-monitor':
      return `notify ${action.phase} ${action.operation}`;
    case 'install':
      return `install ${action.version}`;
    case 'uninstall':
      return `uninstall ${action.using} ${action.binary.version}`;
    case 'remove-at-reboot':
      return `remove-at-reboot ${action.serviceName}/${action.driverName}`;
    case 'apply-config':
      return `apply-config ${action.version}`;
    case 'restart-service':
      return `restart ${action.serviceName}`;
    case 'quarantine':
      return `quarantine ${action.version}`;
    case 'record-repair':
      return `record-repair ${action.reason}`;
    case 'record-ownership':
      return 'record-ownership';
  }
}

export function actionsOf(decision: Decision): string[] {
  return decision.actions.map(summarize);
}

/** "STATUS reason" or "FOREIGN_SYSMON kind" for compact table columns. */
export function stateOf(decision: Decision): string {
  const s = decision.state;
  return s.status === 'FOREIGN_SYSMON' ? `${s.status} ${s.kind}` : `${s.status} ${s.reason}`;
}

/** Every touch of Sysmon is bracketed by monitor notifications (R-INS-11). */
export function touchesAreBracketed(actions: readonly Action[]): boolean {
  const touching = new Set(['install', 'uninstall', 'remove-at-reboot', 'apply-config', 'restart-service']);
  let open = false;
  for (const a of actions) {
    if (a.kind === 'notify-monitor') open = a.phase === 'before';
    else if (touching.has(a.kind) && !open) return false;
  }
  return !open;
}
