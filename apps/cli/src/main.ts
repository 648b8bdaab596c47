import { UsageError } from '@sysward/command-line';
import type { Command, CommandIo } from './commands/command';
import { COMMANDS } from './commands/registry';

function helpText(): string {
  const lines = ['usage: sysward <command> [options]', '', 'commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.path.join(' ').padEnd(16)}${c.summary}`);
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

export async function main(argv: string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(helpText());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.stderr.write(`sysward: unknown command "${argv.join(' ')}"\n\n${helpText()}`);
    return 2;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`sysward ${found.command.path.join(' ')}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
