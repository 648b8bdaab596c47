import * as path from 'node:path';
import { packageVersion, supervisedIdentity } from '@sysward/agent-runtime';
import { runHostLoop } from '@sysward/platform-sim';
import { simCommand, withHost } from './sim-kit';
import type { SimRunSupervision } from './sim-run-supervision';

/**
 * `sysward sim run`: the host process. Without it activities are recorded but
 * Sysmon's channel and the user-mode view do not move.
 */
export const simRunCommand = simCommand({
  verb: ['run'],
  summary: "run the simulated host's kernel and Sysmon service until stopped",
  usage: '[--quiet]',
  flags: { quiet: { kind: 'boolean', description: 'print nothing but errors' } },
  run({ args, home, io }) {
    return withHost(home, async (host) => {
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      // Under the supervisor (`sysward start` on a simulated host): report, obey Stop and the pipe.
      const identity = supervisedIdentity();
      let supervision: SimRunSupervision | null = null;
      if (identity) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { superviseSimRun } = require('./sim-run-supervision') as typeof import('./sim-run-supervision');
        supervision = await superviseSimRun(identity, packageVersion(path.join(__dirname, '..', '..')), () => stop.abort());
      }
      let sysmonEvents = 0;
      let userMode = 0;
      const quiet = args.flags.quiet === true;
      try {
        const loop = runHostLoop(host, {
          signal: stop.signal,
          onPump: (r) => {
            sysmonEvents += r.sysmonEvents;
            userMode += r.userModeActivities;
          },
        });
        if (!quiet) io.stdout.write(`sim host running (pid ${process.pid}) for ${host.file}; stop with Ctrl-C\n`);
        await loop;
      } finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
        await supervision?.stopped();
      }
      if (!quiet) io.stdout.write(`sim host stopped: wrote ${sysmonEvents} Sysmon events, ${userMode} activities into the user-mode view\n`);
      return 0;
    });
  },
});
