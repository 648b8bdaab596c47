import { SYSMON_OPERATIONAL_CHANNEL } from '@sysward/platform';
import { simCommand, withHost } from './sim-kit';

/** BUG-15 (a) input: the channel emptied under the monitor, with a new log identity. */
export const simClearLogCommand = simCommand({
  verb: ['clear-log'],
  summary: 'clear an event log channel (default the Sysmon channel)',
  usage: '[--channel NAME] [--continue-numbering] [--backup PATH]',
  flags: {
    channel: { kind: 'string', description: `channel to clear (default ${SYSMON_OPERATIONAL_CHANNEL})`, default: SYSMON_OPERATIONAL_CHANNEL },
    'continue-numbering': { kind: 'boolean', description: 'keep counting record ids instead of restarting at 1 as Windows does' },
    backup: { kind: 'string', description: 'save the records to this Windows path first' },
  },
  run({ args, home, io }) {
    const channel = args.flags.channel as string;
    return withHost(home, async (host) => {
      const before = await host.ports.channels.info(channel);
      host.clearChannel(channel, { numbering: args.flags['continue-numbering'] ? 'continue' : 'restart', backupPath: args.flags.backup as string | undefined });
      const after = await host.ports.channels.info(channel);
      io.stdout.write(`cleared ${after.channel}: ${before.recordCount} records dropped; log ${before.logIdentity} -> ${after.logIdentity}\n`);
      return 0;
    });
  },
});
