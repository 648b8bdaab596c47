import { parseDuration } from '@sysward/platform-sim';
import { simCommand, withHost } from './sim-kit';

/** R-INS-6/7 input: a managed Sysmon release the installer can discover, dated by the sim clock. */
export const simReleaseCommand = simCommand({
  verb: ['release'],
  summary: 'publish a managed Sysmon release (dated now on the sim clock, or --ago earlier)',
  usage: 'VERSION [--vulnerable] [--ago 60d]',
  positionals: 1,
  flags: {
    vulnerable: { kind: 'boolean', description: 'flag the release as known-vulnerable' },
    // A release already past its soak (R-INS-7), so a fresh host gets Sysmon at once.
    ago: { kind: 'string', description: 'date the release this long before the sim clock (e.g. 60d)' },
  },
  run({ args, home, io }) {
    return withHost(home, (host) => {
      const ago = typeof args.flags.ago === 'string' ? parseDuration(args.flags.ago) : 0;
      const r = host.publishRelease(args.positionals[0], { vulnerable: args.flags.vulnerable === true, releasedMs: host.clock.now() - ago });
      io.stdout.write(`released Sysmon ${r.version}${r.vulnerable ? ' (vulnerable)' : ''} on ${new Date(r.releasedMs).toISOString()}: ${r.fileName} ${r.size} bytes sha256 ${r.sha256}\n`);
      return 0;
    });
  },
});
