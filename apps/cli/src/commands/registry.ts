import type { Command, CommandIo } from './command';
import { SIM_VERBS } from './sim-command-paths';

/**
 * A command whose module is loaded only when it runs (or when its summary is shown).
 * Loading every command up front pulled in the monitor, SQLite and gRPC on each start:
 * about a tenth of a second of every `sysward evtx dump`. The path is repeated here;
 * test/registry.test.ts checks it against the module's.
 */
function lazyCommand(path: string[], load: () => Command): Command {
  return {
    path,
    get summary(): string {
      return load().summary;
    },
    run: (argv: string[], io: CommandIo) => load().run(argv, io),
  };
}

/* eslint-disable @typescript-eslint/no-require-imports -- deferred loading is the point */
/** Every `sysward` sub-command; the help lists them in this order. */
export const COMMANDS: Command[] = [
  lazyCommand(['start'], () => (require('./start') as typeof import('./start')).startCommand),
  lazyCommand(['status'], () => (require('./status-command') as typeof import('./status-command')).statusCommand),
  lazyCommand(['evtx', 'dump'], () => (require('./evtx-dump') as typeof import('./evtx-dump')).evtxDumpCommand),
  lazyCommand(['replay'], () => (require('./replay') as typeof import('./replay')).replayCommand),
  ...SIM_VERBS.map((verb) => lazyCommand(['sim', ...verb], () => (require('./sim-commands') as typeof import('./sim-commands')).simCommandFor(verb))),
];
