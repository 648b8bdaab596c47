import { UsageError } from '@sysward/command-line';
import type { Command, CommandIo } from './commands/command';
import { COMMANDS } from './commands/registry';

/** One aligned line per command: its words, then its summary. */
function commandLines(commands: Command[]): string[] {
  const width = Math.max(16, ...commands.map((c) => c.path.join(' ').length + 2));
  return commands.map((c) => `  ${c.path.join(' ').padEnd(width)}${c.summary}`);
}

function helpText(): string {
  const lines = ['usage: sysward <command> [options]', '', 'commands:', ...commandLines(COMMANDS)];
  lines.push('', 'Every command takes --home DIR (or SYSWARD_HOME; default ./var) for its state.', "Run 'sysward <command> --help' for a command's options.");
  return lines.join('\n') + '\n';
}

/** Finds the command whose words start argv, longest match first. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | null {
  const sorted = [...COMMANDS].sort((a, b) => b.path.length - a.path.length);
  for (const command of sorted) {
    if (command.path.every((word, i) => argv[i] === word)) return { command, rest: argv.slice(command.path.length) };
  }
  return null;
}

const OPERATOR_ERRNO = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EBUSY']);

/**
 * Failures that are about the operator's input or the machine, not bugs: one
 * line naming what and where, exit 2. Anything else keeps its stack trace.
 */
function expectedFailure(error: unknown): string | null {
  if (error instanceof UsageError) return error.message;
  if (error instanceof Error && ['StateStoreError', 'ConfigError', 'DirectoryError', 'NotEvtxError', 'SinkOwnershipError'].includes(error.name)) return error.message;
  const errno = (error as NodeJS.ErrnoException)?.code;
  if (errno && OPERATOR_ERRNO.has(errno)) return (error as Error).message;
  return null;
}

/** Help for a group of commands (`sysward evtx --help`). */
function groupHelp(word: string): string | null {
  const members = COMMANDS.filter((c) => c.path.length > 1 && c.path[0] === word);
  if (members.length === 0) return null;
  return [`usage: sysward ${word} <command> [options]`, '', 'commands:', ...commandLines(members)].join('\n') + '\n';
}

export async function main(argv: string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(helpText());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found && argv.length <= 2 && (argv.length === 1 || ['--help', '-h'].includes(argv[1]))) {
    const help = groupHelp(argv[0]);
    if (help) {
      io.stdout.write(help);
      return argv.length === 1 ? 2 : 0;
    }
  }
  if (!found) {
    io.stderr.write(`sysward: unknown command "${argv.join(' ')}"\n\n${helpText()}`);
    return 2;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (error) {
    const message = expectedFailure(error);
    if (message !== null) {
      io.stderr.write(`sysward ${found.command.path.join(' ')}: ${message}\n`);
      return 2;
    }
    throw error;
  }
}
