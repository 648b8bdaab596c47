import * as path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The agent's home directory (state stores, logs, run/ sockets): `--home DIR`,
 * else SYSWARD_HOME, else ./var. Always absolute, so a component that changes
 * directory keeps the same home. The one place that decides it: components
 * pass their raw argv, commands that already parsed their flags pass the
 * `--home` value (or undefined).
 */
export function resolveHome(flag: string | undefined, env?: Env, cwd?: string): string;
export function resolveHome(argv: readonly string[], env: Env, cwd?: string): string;
export function resolveHome(source: string | undefined | readonly string[], env: Env = process.env, cwd: string = process.cwd()): string {
  const fromArgs = typeof source === 'string' || source === undefined ? nonEmpty(source) : homeFromArgs(source);
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
