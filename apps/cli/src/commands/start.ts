import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatUsage, parseArgs, resolveHome } from '@sysward/command-line';
import type { Command, CommandIo } from './command';
import { SinkFollower } from '../sink-follower';

const FLAGS = {
  home: { kind: 'string' as const, description: 'state, sockets and output folder (default ./var)', env: 'SYSWARD_HOME' },
  source: { kind: 'list' as const, description: 'recordings to read (default: the bundled samples/recordings)' },
  help: { kind: 'boolean' as const, description: 'show this help' },
};
const USAGE = 'usage: sysward start [--home DIR] [--source PATH...]\n\nRuns Sysward in the foreground until Ctrl-C.';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/**
 * `npm start`: runs the agent in the foreground on the bundled recordings and
 * on an inbox folder the user can drop more .evtx files into, until Ctrl-C.
 */
export const startCommand: Command = {
  path: ['start'],
  summary: 'run Sysward in the foreground (bundled recordings + <home>/inbox) until Ctrl-C',
  async run(argv: string[], io: CommandIo): Promise<number> {
    const args = parseArgs(argv, FLAGS);
    if (args.flags.help) {
      io.stdout.write(formatUsage(USAGE, FLAGS));
      return 0;
    }
    const home = resolveHome(args.flags.home as string | undefined);
    const inbox = path.join(home, 'inbox');
    const outDir = path.join(home, 'out');
    fs.mkdirSync(inbox, { recursive: true });
    const sources = (args.flags.source as string[] | undefined)?.map((p) => path.resolve(p)) ?? [path.join(repoRoot, 'samples', 'recordings')];
    const monitorMain = path.join(repoRoot, 'apps', 'events-monitor', 'dist', 'main.js');
    const monitorArgs = [monitorMain, '--home', home, '--out', outDir, '--watch', ...sources.flatMap((s) => ['--source', s]), '--source', inbox];

    io.stdout.write(
      [
        'Sysward is running (Ctrl-C to stop).',
        `  reading     ${sources.join(', ')}`,
        `  inbox       ${inbox}  (drop more .evtx files here)`,
        `  events      ${outDir}/events-*.ndjson  (one normalised event per line)`,
        `  logs        ${path.join(home, 'logs')}`,
        '',
      ].join('\n'),
    );
    const child = spawn(process.execPath, monitorArgs, { stdio: ['ignore', 'inherit', 'inherit'] });
    const follower = new SinkFollower(outDir);
    let lastShown = -1;
    const ticker = setInterval(() => {
      const count = follower.poll();
      if (count !== lastShown) {
        io.stdout.write(`  ${count} events delivered so far to ${outDir}\n`);
        lastShown = count;
      }
    }, 2000);
    const forward = (signal: NodeJS.Signals) => () => {
      io.stdout.write(`\nstopping (${signal})...\n`);
      child.kill(signal);
    };
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const code = await new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 0 : 1))));
    clearInterval(ticker);
    process.removeListener('SIGINT', onInt);
    process.removeListener('SIGTERM', onTerm);
    io.stdout.write(`stopped: ${follower.poll()} events delivered to ${outDir}\n`);
    return code;
  },
};
