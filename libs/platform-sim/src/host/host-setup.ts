/**
 * What a fresh simulated host holds before anyone touches it: an OS identity,
 * a handful of real Windows services (one of them, WinDefend, launch-protected
 * like Sysmon 15), the classic event logs, and a first boot.
 */
import type { OsVersion, ServiceSpec } from '@sysward/platform';
import type { ChannelTables } from './channel-tables';
import type { FileTables } from './file-tables';
import type { Scm } from './scm';
import { encodeSimBinary, payloadFor, type BinaryRole } from './sim-binary';
import type { OsTables } from './sim-os-info';

const MICROSOFT = 'Microsoft Corporation';
const WINDOWS = 'Microsoft\u00ae Windows\u00ae Operating System';
export const CLASSIC_LOG_BYTES = 20 * 1024 * 1024;

interface BaselineService {
  spec: ServiceSpec;
  file: string;
  role: BinaryRole;
  description: string;
}

const BASELINE: BaselineService[] = [
  {
    spec: { name: 'EventLog', displayName: 'Windows Event Log', kind: 'share-process', startType: 'auto', imagePath: 'C:\\Windows\\System32\\svchost.exe -k LocalServiceNetworkRestricted -p' },
    file: 'C:\\Windows\\System32\\svchost.exe',
    role: 'service',
    description: 'Host Process for Windows Services',
  },
  {
    spec: { name: 'Winmgmt', displayName: 'Windows Management Instrumentation', kind: 'share-process', startType: 'auto', imagePath: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p' },
    file: 'C:\\Windows\\System32\\svchost.exe',
    role: 'service',
    description: 'Host Process for Windows Services',
  },
  {
    spec: {
      name: 'WinDefend',
      displayName: 'Microsoft Defender Antivirus Service',
      kind: 'own-process',
      startType: 'auto',
      imagePath: '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe"',
      launchProtected: 'antimalware-light',
    },
    file: 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe',
    role: 'service',
    description: 'Antimalware Service Executable',
  },
  {
    spec: { name: 'FltMgr', displayName: 'FltMgr', kind: 'file-system-driver', startType: 'boot', imagePath: 'system32\\drivers\\fltmgr.sys' },
    file: 'C:\\Windows\\system32\\drivers\\fltmgr.sys',
    role: 'driver',
    description: 'Microsoft Filesystem Filter Manager',
  },
];

export function windowsBinary(name: string, role: BinaryRole, description: string, version = '10.0.22621.1'): Buffer {
  return encodeSimBinary({
    role,
    versionInfo: {
      fileVersion: version,
      productVersion: version,
      productName: WINDOWS,
      companyName: MICROSOFT,
      fileDescription: description,
      originalFilename: name,
      internalName: name.replace(/\.[^.]+$/, ''),
    },
    payload: payloadFor(`windows ${name} ${version}`, 1024),
  });
}

export function setUpHost(parts: { os: OsTables; scm: Scm; files: FileTables; channels: ChannelTables }, os: OsVersion, hostName: string): void {
  parts.os.write(os);
  parts.os.setHostName(hostName);
  for (const service of BASELINE) {
    const name = service.file.slice(service.file.lastIndexOf('\\') + 1);
    parts.files.write(service.file, windowsBinary(name, service.role, service.description));
    parts.scm.create(service.spec);
  }
  for (const channel of ['System', 'Application', 'Security']) parts.channels.ensure(channel, CLASSIC_LOG_BYTES);
}
