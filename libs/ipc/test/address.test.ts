import { componentAddress } from '../src';

describe('R-SUP-5 componentAddress: one address scheme for all local IPC', () => {
  it.each([
    ['/var/lib/sysward', 'supervisor', 'linux', 'unix:/var/lib/sysward/run/supervisor.sock', '/var/lib/sysward/run/supervisor.sock', '/var/lib/sysward/run'],
    ['/opt/sw/', 'events-monitor', 'darwin', 'unix:/opt/sw/run/events-monitor.sock', '/opt/sw/run/events-monitor.sock', '/opt/sw/run'],
    ['C:\\ProgramData\\Sysward', 'supervisor', 'win32', 'unix:\\\\.\\pipe\\sysward-supervisor', '\\\\.\\pipe\\sysward-supervisor', undefined],
    ['whatever', 'ui-realtime', 'win32', 'unix:\\\\.\\pipe\\sysward-ui-realtime', '\\\\.\\pipe\\sysward-ui-realtime', undefined],
  ] as const)('%s / %s on %s -> %s', (home, component, platform, target, listenPath, runDir) => {
    const address = componentAddress(home, component, platform);
    expect(address.target).toBe(target);
    expect(address.listenPath).toBe(listenPath);
    expect(address.runDir).toBe(runDir);
    expect(address.flavour).toBe(platform === 'win32' ? 'named-pipe' : 'unix-socket');
  });

  it('spells the Windows pipe the one way grpc-js accepts: unix:\\\\.\\pipe\\NAME', () => {
    expect(componentAddress('', 'supervisor', 'win32').target).toBe(String.raw`unix:\\.\pipe\sysward-supervisor`);
  });

  it.each([
    ['/h', 'Supervisor', 'component name "Supervisor" is invalid'],
    ['/h', '', 'component name "" is invalid'],
    ['/h', '../evil', 'component name "../evil" is invalid'],
    ['/h', 'a'.repeat(41), 'is invalid'],
    ['relative', 'supervisor', 'home must be an absolute path, got "relative"'],
    ['/' + 'x'.repeat(100), 'supervisor', 'more than the 107 a Unix socket allows: choose a shorter --home'],
  ])('home %j component %j is rejected: %s', (home, component, message) => {
    expect(() => componentAddress(home, component, 'linux')).toThrow(message);
  });
});
