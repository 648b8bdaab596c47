/**
 * ARCHITECTURE seam 1: the sim passes the same contract suites the Windows
 * adapter will. Each test gets a fresh host; "reopen" is a second connection
 * to the same file, which is what another process sees.
 */
import {
  describeBootHistoryContract,
  describeClockContract,
  describeEventChannelContract,
  describeFileContract,
  describeOsInfoContract,
  describeRegistryContract,
  describeReleaseFeedContract,
  describeServiceControlContract,
  describeSysmonCommandContract,
} from '@sysward/platform/testing';
import { makeSysmonBinary, type SimHost } from '../src';
import { tempHost } from './support';

describeServiceControlContract(
  'SimServiceControl',
  () => {
    const t = tempHost();
    t.host.parts.store.write(() => t.host.parts.files.write('C:\\Program Files\\Contract\\svc.exe', Buffer.from('service')));
    t.host.parts.store.write(() => t.host.parts.files.write('C:\\Windows\\System32\\drivers\\contract.sys', Buffer.from('driver')));
    return {
      services: t.host.ports.services,
      serviceImagePath: 'C:\\Program Files\\Contract\\svc.exe',
      driverImagePath: 'C:\\Windows\\System32\\drivers\\contract.sys',
      reopen: () => t.second().ports.services,
      protectedService: 'WinDefend',
      dispose: t.dispose,
    };
  },
  { canStartDrivers: true },
);

describeRegistryContract('SimRegistry', () => {
  const t = tempHost();
  return { registry: t.host.ports.registry, scratchRoot: 'HKLM\\SOFTWARE\\SyswardContract', reopen: () => t.second().ports.registry, dispose: t.dispose };
});

describeFileContract('SimFiles', () => {
  const t = tempHost();
  const exe = 'C:\\Tools\\Sysmon64.exe';
  t.host.parts.store.write(() => t.host.parts.files.write(exe, makeSysmonBinary('15.15')));
  return {
    files: t.host.ports.files,
    scratchRoot: 'C:\\SyswardContract',
    versioned: {
      path: exe,
      info: {
        fileVersion: '15.15',
        productVersion: '15.15',
        productName: 'Sysinternals Sysmon',
        companyName: 'Sysinternals - www.sysinternals.com',
        fileDescription: 'System activity monitor',
        originalFilename: 'Sysmon.exe',
        internalName: 'System Monitor',
      },
    },
    inUse: 'C:\\Windows\\System32\\svchost.exe',
    reopen: () => t.second().ports.files,
    dispose: t.dispose,
  };
});

function writer(host: SimHost, channel: string) {
  let n = 0;
  return async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      n += 1;
      host.writeEvent(channel, {
        provider: { name: 'Sysward-Contract', guid: '{11111111-2222-3333-4444-555555555555}' },
        eventId: 100 + (n % 3),
        version: 0,
        level: 4,
        task: 0,
        opcode: 0,
        keywords: '0x8000000000000000',
        processId: 42,
        threadId: 43,
        userSid: null,
        payload: { kind: 'EventData', items: [['Index', String(n)], ['Padding', 'x'.repeat(200)]] },
      });
    }
  };
}

describeEventChannelContract('SimEventChannels', () => {
  const t = tempHost();
  const channel = 'Sysward-Contract/Operational';
  t.host.writeEvent(channel, { provider: { name: 'x' }, eventId: 1, version: 0, level: 4, task: 0, opcode: 0, keywords: '0x0', processId: 0, threadId: 0, userSid: null, payload: { kind: 'none' } }, { createWithBytes: 1 << 20 });
  const other = t.second();
  return { channels: t.host.ports.channels, channel, write: writer(other, channel), logClearedIn: 'System', reopen: () => other.ports.channels, dispose: t.dispose };
});

describeBootHistoryContract('SimBootHistory', () => {
  const t = tempHost();
  return {
    boots: t.host.ports.boots,
    reboot: async () => t.host.reboot(),
    crashAndBoot: async (code: number) => {
      t.host.crash(code);
      t.host.reboot();
    },
    dispose: t.dispose,
  };
});

describeOsInfoContract('SimOsInfo', () => {
  const t = tempHost({ os: 'server2022', hostName: 'DC01' });
  return { os: t.host.ports.os, expected: { major: 10, build: 20348, productType: 'server', productName: 'Windows Server 2022 Standard' }, dispose: t.dispose };
});

describeClockContract('SimClock', () => {
  const t = tempHost();
  return { clock: t.host.ports.clock, advance: (ms: number) => void t.host.clock.advance(ms), dispose: t.dispose };
});

describeReleaseFeedContract('SimReleaseFeed', () => {
  const t = tempHost();
  return { releases: t.host.ports.releases, publish: async (version, options) => void t.host.publishRelease(version, options), dispose: t.dispose };
});

describeSysmonCommandContract('SimSysmonCommand', () => {
  const t = tempHost();
  const { store, files } = t.host.parts;
  store.write(() => {
    files.write('C:\\Staging\\14.16\\Sysmon64.exe', makeSysmonBinary('14.16'));
    files.write('C:\\Staging\\15.14\\Sysmon64.exe', makeSysmonBinary('15.14'));
    files.write('C:\\Staging\\15.15\\Sysmon64.exe', makeSysmonBinary('15.15'));
    files.write('C:\\Staging\\managed.xml', Buffer.from('<Sysmon schemaversion="4.82">\n  <!-- managed -->\n  <HashAlgorithms>SHA256</HashAlgorithms>\n</Sysmon>\n'));
    files.write('C:\\Staging\\other.xml', Buffer.from('<Sysmon schemaversion="4.82"><EventFiltering><ProcessCreate onmatch="exclude"/></EventFiltering></Sysmon>'));
    files.write('C:\\Staging\\bad.xml', Buffer.from('<Sysmon schemaversion="4.82"><EventFiltering><ProcessCreate onmatch="exclude">'));
  });
  return {
    ports: t.host.ports,
    binaries: { v14: 'C:\\Staging\\14.16\\Sysmon64.exe', v15: 'C:\\Staging\\15.14\\Sysmon64.exe', v15Newer: 'C:\\Staging\\15.15\\Sysmon64.exe' },
    config: 'C:\\Staging\\managed.xml',
    otherConfig: 'C:\\Staging\\other.xml',
    badConfig: 'C:\\Staging\\bad.xml',
    dispose: t.dispose,
  };
});
