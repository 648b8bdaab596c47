import { formatUsage, parseArgs, type FlagSpec, type ParsedArgs } from '@sysward/command-line';

/** One `sysward` sub-command: parses its own arguments and returns the exit code. */
export interface Command {
  /** Words that select it, e.g. ['evtx', 'dump']. */
  path: string[];
  summary: string;
  run(argv: string[], io: CommandIo): Promise<number>;
}

export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * Parses a command's options the one way every command does: with --help the
 * usage is printed and null returned (exit 0); a bad option throws UsageError.
 */
export function parseCommandLine(argv: string[], flags: Record<string, FlagSpec>, usage: string, io: CommandIo): ParsedArgs | null {
  const args = parseArgs(argv, flags);
  if (!args.flags.help) return args;
  io.stdout.write(formatUsage(usage, flags));
  return null;
}
