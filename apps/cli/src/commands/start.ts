import * as path from 'node:path';
import { resolveHome } from '@sysward/agent-runtime';
import { makeDirectory, homeFlag } from '@sysward/command-line';
import { parseCommandLine, type Command, type CommandIo } from './command';
import { SinkFollower } from '../sink-follower';
import { launchSupervisor, startSupervisorConfig, writeSupervisorConfig } from '../supervisor-launch';
import { ensureStartSim } from '../start-sim';

const FLAGS = {
  home: homeFlag(),
  source: { kind: 'list' as const, description: 'recordings to read (default: the bundled samples/recordings)' },
  'recordings-only': { kind: 'boolean' as const, description: 'no simulated host, installer or live-channel monitor: the recordings alone' },
  help: { kind: 'boolean' as const, description: 'show this help' },
};
const USAGE =
  'usage: sysward start [--home DIR] [--source PATH...] [--recordings-only]\n\n' +
  'Runs Sysward in the foreground until Ctrl-C: the supervisor, which runs the events monitor on recordings and,\n' +
  'on the simulated host under <home>/sim (created if missing), the host process, the Sysmon installer and a\n' +
  'second events monitor on the live Sysmon channel.';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/**
 * `npm start`: runs the agent in the foreground (the supervisor and, under it,
 * the events monitor on the bundled recordings and on an inbox folder the user
 * can drop more .evtx files into) until Ctrl-C or SIGTERM.
 */
export const startCommand: Command = {
  path: ['start'],
  summary: 'run Sysward in the foreground (bundled recordings + <home>/inbox) until Ctrl-C',
  async run(argv: string[], io: CommandIo): Promise<number> {
    const args = parseCommandLine(argv, FLAGS, USAGE, io);
    if (!args) return 0;
    const home = resolveHome(args.flags.home as string | undefined);
    const inbox = makeDirectory(path.join(home, 'inbox'), '--home');
    const outDir = path.join(home, 'out');
    const recordings = (args.flags.source as string[] | undefined)?.map((p) => path.resolve(p)) ?? [path.join(repoRoot, 'samples', 'recordings')];
    const sim = args.flags['recordings-only'] ? null : ensureStartSim(home);
    const liveOutDir = path.join(home, 'out-live');
    const configFile = writeSupervisorConfig(
      home,
      startSupervisorConfig({ root: repoRoot, home, sources: [...recordings, inbox], outDir, sim: sim ? { liveOutDir } : undefined }),
    );
    const supervisor = launchSupervisor(repoRoot, home, configFile);

    io.stdout.write(
      [
        'Sysward is running (Ctrl-C to stop).',
        `  reading     ${recordings.join(', ')}`,
        `  inbox       ${inbox}  (drop more .evtx files here)`,
        `  events      ${outDir}/events-*.ndjson  (one normalised event per line)`,
        `  logs        ${path.join(home, 'logs')}`,
        ...(sim
          ? [
              `  sim host    ${sim.description}`,
              `  live        ${liveOutDir}/events-*.ndjson  (the simulated host's Sysmon channel, read by events-monitor-live)`,
              `  installer   manages Sysmon on the simulated host (release manifest verified with the DEVELOPMENT key: sim only)`,
            ]
          : []),
        `  supervisor  pid ${supervisor.pid}, running ${sim ? 'the sim host, the installer and two events monitors' : 'the events monitor'} (${configFile})`,
        '',
        `In a second terminal:  ${statusCommandFor(home)}`,
        '',
      ].join('\n'),
    );
    const follower = new SinkFollower(outDir);
    let lastShown = -1;
    const ticker = setInterval(() => {
      const count = follower.poll();
      if (count !== lastShown) {
        io.stdout.write(`  ${count} events delivered so far to ${outDir}\n`);
        lastShown = count;
      }
    }, 2000);

    let stopRequests = 0;
    const onSignal = (signal: NodeJS.Signals) => (): void => {
      stopRequests++;
      if (stopRequests === 1) {
        io.stdout.write(`\nstopping (${signal}): the supervisor stops every component...\n`);
        supervisor.stop();
      } else {
        io.stdout.write('stopping at once (second signal)\n');
        supervisor.kill();
      }
    };
    const onInt = onSignal('SIGINT');
    const onTerm = onSignal('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const exit = await supervisor.exited;
    clearInterval(ticker);
    process.removeListener('SIGINT', onInt);
    process.removeListener('SIGTERM', onTerm);

    io.stdout.write(`stopped: ${follower.poll()} events delivered to ${outDir}\n`);
    if (stopRequests > 0 && exit.code === 0) return 0;
    const how = exit.code !== null ? `exited with code ${exit.code}` : `ended by ${exit.signal ?? 'an error starting it'}`;
    io.stderr.write(`sysward start: the supervisor ${how}${stopRequests === 0 ? ' on its own' : ''}; see ${path.join(home, 'logs')}\n`);
    return exit.code !== null && exit.code !== 0 ? exit.code : 1;
  },
};

/** The exact command for a second terminal; --home only when it is not the default. */
export function statusCommandFor(home: string, cwd: string = process.cwd()): string {
  if (home === path.resolve(cwd, 'var')) return 'npx sysward status';
  return `npx sysward status --home ${/[\s'"$`\\]/.test(home) ? `'${home.replace(/'/g, `'\\''`)}'` : home}`;
}
