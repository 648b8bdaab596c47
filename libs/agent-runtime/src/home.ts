import * as path from 'node:path';

/**
 * The agent's home directory (state stores, logs, run/ sockets): `--home DIR`
 * or `--home=DIR` on the command line, else SYSWARD_HOME, else ./var.
 * Always absolute, so a component that changes directory keeps the same home.
 */
export function resolveHome(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): string {
  const fromArgs = homeFromArgs(argv);
  const chosen = fromArgs ?? nonEmpty(env.SYSWARD_HOME) ?? 'var';
  return path.resolve(cwd, chosen);
}

function homeFromArgs(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--home') {
      const value = argv[i + 1];
      if (value === undefined || value === '' || value.startsWith('--')) {
        throw new Error('--home needs a directory: --home DIR');
      }
      found = value;
      i++;
    } else if (arg.startsWith('--home=')) {
      const value = arg.slice('--home='.length);
      if (value === '') throw new Error('--home= needs a directory: --home=DIR');
      found = value;
    }
  }
  return found;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
