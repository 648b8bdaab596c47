import { OS_ALIASES } from '@sysward/platform-sim';
import { oneOf, simCommand, withHost } from './sim-kit';

/** R-INS-3 input: an OS older (or newer) than the managed Sysmon supports; 26100+ brings the inbox Sysmon feature. */
export const simSetOsCommand = simCommand({
  verb: ['set-os'],
  summary: 'change the Windows version the host reports',
  usage: `VERSION [--product-type T]   (VERSION: ${OS_ALIASES.join(', ')}, or 10.0.BUILD[.UBR])`,
  positionals: 1,
  flags: { 'product-type': { kind: 'string', description: 'workstation, server or domain-controller' } },
  run({ args, home, io }) {
    const productType = oneOf('product-type', args.flags['product-type'], ['workstation', 'server', 'domain-controller'] as const);
    return withHost(home, async (host) => {
      host.setOs(args.positionals[0], productType);
      const os = await host.ports.os.version();
      io.stdout.write(`os is now ${[os.productName, os.displayVersion].filter(Boolean).join(' ')} (${os.major}.${os.minor}.${os.build}.${os.ubr}, ${os.productType})\n`);
      return 0;
    });
  },
});
