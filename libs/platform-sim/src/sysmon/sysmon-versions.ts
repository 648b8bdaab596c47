/**
 * What differs between Sysmon releases, as far as the sim needs it: the newest
 * configuration schema a binary accepts (BUG-17), whether its service runs
 * launch-protected (15.0 and later, BUG-20), and the version resources of its
 * binaries (detection by what the binary is, not its name: BUG-21).
 */
import { compareVersions, type FileVersionInfo } from '@sysward/platform';
import { encodeSimBinary, payloadFor } from '../host/sim-binary';

const MAX_SCHEMA: [string, string][] = [
  ['16.0', '4.91'],
  ['15.0', '4.90'],
  ['14.14', '4.83'],
  ['14.0', '4.82'],
  ['13.0', '4.50'],
  ['12.0', '4.40'],
  ['11.0', '4.30'],
  ['10.0', '4.22'],
  ['9.0', '4.21'],
  ['8.0', '4.10'],
  ['7.0', '4.00'],
  ['6.10', '3.40'],
  ['6.0', '3.30'],
  ['0.0', '3.20'],
];

/** The newest schemaversion a Sysmon binary accepts. */
export function sysmonMaxSchema(version: string): string {
  return MAX_SCHEMA.find(([from]) => compareVersions(version, from) >= 0)![1];
}

/** Since 15.0 the service is a protected process (antimalware-light): stop, change and upgrade in place are refused. */
export function isProtectedSysmon(version: string): boolean {
  return compareVersions(version, '15.0') >= 0;
}

/** Event versions of Sysmon 15's manifest, per event id (System/Version). */
export const SYSMON_EVENT_VERSIONS: Readonly<Record<number, number>> = { 1: 5, 3: 5, 4: 3, 8: 2, 10: 3, 13: 2, 16: 3, 25: 5, 255: 3 };

export type SysmonFlavour = 'sysinternals' | 'inbox';

export function sysmonVersionInfo(version: string, flavour: SysmonFlavour = 'sysinternals'): FileVersionInfo {
  return {
    fileVersion: version,
    productVersion: version,
    productName: flavour === 'inbox' ? 'Microsoft\u00ae Windows\u00ae Operating System' : 'Sysinternals Sysmon',
    companyName: flavour === 'inbox' ? 'Microsoft Corporation' : 'Sysinternals - www.sysinternals.com',
    fileDescription: 'System activity monitor',
    originalFilename: 'Sysmon.exe',
    internalName: 'System Monitor',
  };
}

/** The Sysmon executable of a release; `variant` changes only the payload (a tampered or rebuilt binary). */
export function makeSysmonBinary(version: string, options: { flavour?: SysmonFlavour; variant?: string } = {}): Buffer {
  const flavour = options.flavour ?? 'sysinternals';
  return encodeSimBinary({
    role: 'sysmon',
    versionInfo: sysmonVersionInfo(version, flavour),
    payload: payloadFor(`sysmon ${flavour} ${version} ${options.variant ?? ''}`),
  });
}

/** The driver Sysmon extracts at install. */
export function makeSysmonDriver(version: string, options: { variant?: string } = {}): Buffer {
  return encodeSimBinary({
    role: 'sysmon-driver',
    versionInfo: {
      fileVersion: version,
      productVersion: version,
      productName: 'Sysinternals Sysmon',
      companyName: 'Sysinternals - www.sysinternals.com',
      fileDescription: 'System Monitor driver',
      originalFilename: 'SysmonDrv.sys',
      internalName: 'SysmonDrv',
    },
    payload: payloadFor(`sysmondrv ${version} ${options.variant ?? ''}`, 2048),
  });
}
