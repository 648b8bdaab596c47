/**
 * What every `sysward sim` command shares: the --home/--help flags, opening the
 * host under the home, and turning a PlatformError into a one-line message
 * and an exit code (2 for input the user must change, 1 for a host that
 * refused). One place, so fifteen commands word their failures the same way.
 */
import { resolveHome } from '@sysward/agent-runtime';
import type { FlagSpec, ParsedArgs } from '@sysward/command-line';
import { UsageError, homeFlag } from '@sysward/command-line';
import { isPlatformError } from '@sysward/platform';
import { SimHost } from '@sysward/platform-sim';
import { parseCommandLine, type Command, type CommandIo } from './command';

export const SIM_FLAGS = {
  home: homeFlag('the host lives in DIR/sim/host.db (default ./var)'),
  help: { kind: 'boolean' as const, description: 'show this help' },
};

export interface SimCommandSpec<F extends Record<string, FlagSpec>> {
  verb: string[];
  summary: string;
  usage: string;
  flags: F;
  /** Positional arguments: exact count, or [min, max]. */
  positionals?: number | [number, number];
  run(context: { args: ParsedArgs; home: string; io: CommandIo }): Promise<number> | number;
}

export function simCommand<F extends Record<string, FlagSpec>>(spec: SimCommandSpec<F>): Command {
  const flags = { ...spec.flags, ...SIM_FLAGS };
  const name = `sysward sim ${spec.verb.join(' ')}`;
  return {
    path: ['sim', ...spec.verb],
    summary: spec.summary,
    async run(argv: string[], io: CommandIo): Promise<number> {
      const args = parseCommandLine(argv, flags, `usage: ${name} ${spec.usage}`, io);
      if (!args) return 0;
      const [min, max] = typeof spec.positionals === 'number' ? [spec.positionals, spec.positionals] : (spec.positionals ?? [0, 0]);
      if (args.positionals.length < min || args.positionals.length > max) {
        const wanted = min === max ? `${min}` : `${min} to ${max === Infinity ? 'any number of' : max}`;
        throw new UsageError(`expected ${wanted} argument(s), got ${args.positionals.length}; usage: ${name} ${spec.usage}`);
      }
      try {
        return await spec.run({ args, home: resolveHome(args.flags.home as string | undefined), io });
      } catch (error) {
        if (!isPlatformError(error)) throw error;
        io.stderr.write(`${name}: ${error.message.replace(/^[A-Z_]+: /, '')}\n`);
        return error.code === 'INVALID_ARGUMENT' ? 2 : 1;
      }
    },
  };
}

/** Opens the host for one command and always closes it. */
export async function withHost<T>(home: string, fn: (host: SimHost) => Promise<T> | T): Promise<T> {
  const host = SimHost.open(home);
  try {
    return await fn(host);
  } finally {
    host.close();
  }
}

/** A flag value that must be one of `choices`; UsageError names the flag and the choices. */
export function oneOf<T extends string>(flag: string, value: unknown, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
}

/** Flags that cannot be given together. */
export function exclusive(args: ParsedArgs, names: string[]): void {
  const given = names.filter((n) => args.flags[n] !== undefined && args.flags[n] !== false);
  if (given.length > 1) throw new UsageError(`--${given.join(' and --')} cannot be combined`);
}
