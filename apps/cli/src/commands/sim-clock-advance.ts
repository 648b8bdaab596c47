import { parseDuration } from '@sysward/platform-sim';
import { simCommand, withHost } from './sim-kit';

/** R-INS-7 input: soak periods pass in a moment. */
export const simClockAdvanceCommand = simCommand({
  verb: ['clock', 'advance'],
  summary: "move the host's clock forward (30d, 2h, 90m, 1d12h)",
  usage: 'DURATION',
  positionals: 1,
  flags: {},
  run({ args, home, io }) {
    const ms = parseDuration(args.positionals[0]);
    return withHost(home, (host) => {
      const now = host.clock.advance(ms);
      io.stdout.write(`clock advanced by ${args.positionals[0]}: now ${new Date(now).toISOString()}\n`);
      return 0;
    });
  },
});
