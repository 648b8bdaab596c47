import { simCommand, withHost } from './sim-kit';

/** R-INS-6/7 input: a managed Sysmon release the installer can discover, dated by the sim clock. */
export const simReleaseCommand = simCommand({
  verb: ['release'],
  summary: 'publish a managed Sysmon release (dated now on the sim clock)',
  usage: 'VERSION [--vulnerable]',
  positionals: 1,
  flags: { vulnerable: { kind: 'boolean', description: 'flag the release as known-vulnerable' } },
  run({ args, home, io }) {
    return withHost(home, (host) => {
      const r = host.publishRelease(args.positionals[0], { vulnerable: args.flags.vulnerable === true });
      io.stdout.write(`released Sysmon ${r.version}${r.vulnerable ? ' (vulnerable)' : ''} on ${new Date(r.releasedMs).toISOString()}: ${r.fileName} ${r.size} bytes sha256 ${r.sha256}\n`);
      return 0;
    });
  },
});
