import { homeFlag } from '@sysward/command-line';
import { resolveHome } from '@sysward/agent-runtime';
import { parseCommandLine, type Command, type CommandIo } from './command';
import { runStatus } from './status';

const FLAGS = {
  home: homeFlag(),
  json: { kind: 'boolean' as const, description: 'print JSON for programs instead of a table' },
  watch: { kind: 'boolean' as const, description: 'follow status changes until Ctrl-C' },
  help: { kind: 'boolean' as const, description: 'show this help' },
};
const USAGE =
  'usage: sysward status [--json] [--watch] [--home DIR]\n\n' +
  'Asks the supervisor for every component\'s status. Exit 0 when all serve, 1 when something does not,\n3 when the supervisor is not running, 4 on any other failure.';

/** `sysward status`: the supervisor's view, for a person (table) or a program (--json). */
export const statusCommand: Command = {
  path: ['status'],
  summary: "show the supervisor's status of every component (table, --json, --watch)",
  async run(argv: string[], io: CommandIo): Promise<number> {
    const args = parseCommandLine(argv, FLAGS, USAGE, io);
    if (!args) return 0;
    const home = resolveHome(args.flags.home as string | undefined);
    return runStatus({ home, json: Boolean(args.flags.json), watch: Boolean(args.flags.watch) }, io.stdout);
  },
};
