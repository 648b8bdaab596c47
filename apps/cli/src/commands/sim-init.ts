import { UsageError } from '@sysward/command-line';
import { OS_ALIASES, SimHost } from '@sysward/platform-sim';
import { oneOf, simCommand } from './sim-kit';

export const simInitCommand = simCommand({
  verb: ['init'],
  summary: 'create a simulated Windows host under --home',
  usage: '[--os NAME|BUILD] [--product-type T] [--host-name NAME] [--force]',
  flags: {
    os: { kind: 'string', description: `OS: ${OS_ALIASES.join(', ')}, or a build like 10.0.22631[.UBR] (default win11)` },
    'product-type': { kind: 'string', description: 'workstation, server or domain-controller (default: from --os)' },
    'host-name': { kind: 'string', description: 'computer name (default SIMHOST)' },
    force: { kind: 'boolean', description: 'replace an existing simulated host' },
  },
  run({ args, home, io }) {
    const hostName = args.flags['host-name'] as string | undefined;
    if (hostName !== undefined && !/^[A-Za-z0-9-]{1,15}$/.test(hostName)) throw new UsageError(`--host-name must be 1-15 letters, digits or '-', got ${JSON.stringify(hostName)}`);
    const host = SimHost.create(home, {
      force: args.flags.force === true,
      os: args.flags.os as string | undefined,
      productType: oneOf('product-type', args.flags['product-type'], ['workstation', 'server', 'domain-controller'] as const),
      hostName,
    });
    try {
      const os = host.parts.os.read();
      const release = [os.productName, os.displayVersion].filter(Boolean).join(' ');
      io.stdout.write(`created simulated host ${host.parts.os.hostName()} at ${host.file}: ${release} (${os.major}.${os.minor}.${os.build}), booted\n`);
      return 0;
    } finally {
      host.close();
    }
  },
});
