import { formatSnapshot, takeSnapshot } from '@sysward/platform-sim';
import { simCommand, withHost } from './sim-kit';

export const simShowCommand = simCommand({
  verb: ['show'],
  summary: 'print the whole simulated host (services, Sysmon, channels, boots, releases)',
  usage: '[--json]',
  flags: { json: { kind: 'boolean', description: 'one JSON document instead of text' } },
  run({ args, home, io }) {
    return withHost(home, (host) => {
      const snapshot = takeSnapshot(host);
      io.stdout.write(args.flags.json ? `${JSON.stringify(snapshot, null, 2)}\n` : formatSnapshot(snapshot));
      return 0;
    });
  },
});
