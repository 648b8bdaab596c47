import { simCommand, withHost } from './sim-kit';

/** R-INS-5 input: the applied rules no longer match what Sysward applied. */
export const simTamperConfigCommand = simCommand({
  verb: ['tamper-config'],
  summary: "change Sysmon's applied rules behind the installer's back",
  usage: '[--via-sysmon] [--service NAME]',
  flags: {
    'via-sysmon': { kind: 'boolean', description: 'apply through `sysmon -c` (logs event 16) instead of a silent registry write' },
    service: { kind: 'string', description: 'which Sysmon, when several are installed' },
  },
  run({ args, home, io }) {
    return withHost(home, async (host) => {
      const done = await host.tamper.tamperConfig({ service: args.flags.service as string | undefined, viaSysmon: args.flags['via-sysmon'] === true });
      io.stdout.write(`${done}\n`);
      return 0;
    });
  },
});
