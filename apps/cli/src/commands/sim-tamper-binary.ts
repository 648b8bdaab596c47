import { parseDottedVersion } from '@sysward/platform';
import { simCommand, withHost } from './sim-kit';

/** R-INS-4 input: a different binary (hash, optionally version) behind the Sysmon service or driver. */
export const simTamperBinaryCommand = simCommand({
  verb: ['tamper-binary'],
  summary: "replace Sysmon's executable (or driver) with different bytes",
  usage: '[--driver] [--version V] [--service NAME]',
  flags: {
    driver: { kind: 'boolean', description: 'replace the driver file instead of the executable' },
    version: { kind: 'string', description: 'make the replacement claim this version' },
    service: { kind: 'string', description: 'which Sysmon, when several are installed' },
  },
  run({ args, home, io }) {
    const version = args.flags.version as string | undefined;
    if (version !== undefined) parseDottedVersion(version);
    return withHost(home, (host) => {
      io.stdout.write(`${host.tamper.tamperBinary({ service: args.flags.service as string | undefined, driver: args.flags.driver === true, version })}\n`);
      return 0;
    });
  },
});
