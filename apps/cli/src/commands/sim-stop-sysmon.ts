import { simCommand, withHost } from './sim-kit';

/** R-INS-4 input ("stopped and not restartable"), and BUG-20's refusal through the SCM. */
export const simStopSysmonCommand = simCommand({
  verb: ['stop-sysmon'],
  summary: 'stop Sysmon: kill its process, or ask the SCM (refused for 15.x)',
  usage: '[--scm] [--driver] [--service NAME]',
  flags: {
    scm: { kind: 'boolean', description: 'stop through the SCM like `sc stop` (a protected 15.x refuses: access denied)' },
    driver: { kind: 'boolean', description: 'also unload the driver (fltmc unload)' },
    service: { kind: 'string', description: 'which Sysmon, when several are installed' },
  },
  run({ args, home, io }) {
    return withHost(home, (host) => {
      io.stdout.write(`${host.tamper.stopSysmon({ service: args.flags.service as string | undefined, viaScm: args.flags.scm === true, driver: args.flags.driver === true })}\n`);
      return 0;
    });
  },
});
