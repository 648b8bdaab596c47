import { parseDottedVersion } from '@sysward/platform';
import { exclusive, simCommand, withHost } from './sim-kit';

/** R-INS-2 / BUG-21 inputs: a Sysmon that Sysward must find and leave alone. */
export const simInstallForeignSysmonCommand = simCommand({
  verb: ['install-foreign-sysmon'],
  summary: 'install a Sysmon that Sysward did not install (standard, renamed or inbox)',
  usage: '[--renamed | --inbox] [--version V] [--service NAME] [--driver NAME]',
  flags: {
    renamed: { kind: 'boolean', description: 'renamed service and driver (default HealthMon / HlthDrv)' },
    inbox: { kind: 'boolean', description: "Windows' inbox Sysmon optional feature (needs build 26100+)" },
    version: { kind: 'string', description: 'Sysmon version (default 15.15)', default: '15.15' },
    service: { kind: 'string', description: 'service name (the executable is named after it)' },
    driver: { kind: 'string', description: 'driver service name' },
  },
  run({ args, home, io }) {
    exclusive(args, ['renamed', 'inbox']);
    const version = args.flags.version as string;
    parseDottedVersion(version);
    const kind = args.flags.inbox ? 'inbox' : args.flags.renamed ? 'renamed' : 'standard';
    return withHost(home, async (host) => {
      const installed = await host.tamper.installForeignSysmon({
        kind,
        version,
        service: args.flags.service as string | undefined,
        driver: args.flags.driver as string | undefined,
      });
      io.stdout.write(`installed a foreign Sysmon v${installed.version} (${kind}): service ${installed.service}, driver ${installed.driver}\n`);
      return 0;
    });
  },
});
