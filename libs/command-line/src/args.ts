/**
 * A small, strict command-line parser: unknown flags and missing values are
 * errors that name the flag, never silently ignored.
 */
export type FlagKind = 'string' | 'boolean' | 'list' | 'number';

export interface FlagSpec {
  kind: FlagKind;
  description: string;
  /** Environment variable consulted when the flag is absent. */
  env?: string;
  default?: string | boolean | number | string[];
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | number | string[] | undefined>;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const positionals: string[] = [];
  const flags: ParsedArgs['flags'] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const flag = spec[name];
    if (!flag) throw new UsageError(`unknown option --${name}`);
    if (flag.kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`option --${name} takes no value`);
      flags[name] = true;
      continue;
    }
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      // `--home --json` is a forgotten value, not a folder named "--json".
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new UsageError(`option --${name} needs a value`);
      value = argv[++i];
    }
    flags[name] = convert(name, flag, value, flags[name]);
  }
  for (const [name, flag] of Object.entries(spec)) {
    if (flags[name] !== undefined) continue;
    const fromEnv = flag.env ? process.env[flag.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') flags[name] = convert(name, flag, fromEnv, undefined, flag.env);
    else if (flag.default !== undefined) flags[name] = flag.default;
  }
  return { positionals, flags };
}

function convert(
  name: string,
  flag: FlagSpec,
  value: string,
  previous: ParsedArgs['flags'][string],
  envName?: string,
): string | number | boolean | string[] {
  const where = envName ? `environment variable ${envName}` : `option --${name}`;
  switch (flag.kind) {
    case 'string':
      return value;
    case 'number': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${where} needs a number, got "${value}"`);
      return n;
    }
    case 'list':
      return [...(Array.isArray(previous) ? previous : []), ...value.split(',').filter((v) => v !== '')];
    case 'boolean':
      return value === 'true' || value === '1';
  }
}

export function formatUsage(usage: string, spec: Record<string, FlagSpec>): string {
  const rows = Object.entries(spec).map(([name, flag]) => {
    const value = flag.kind === 'boolean' ? '' : flag.kind === 'list' ? ' A[,B]' : ' VALUE';
    const notes = `${flag.kind === 'list' ? ' (repeatable)' : ''}${flag.env ? ` (env ${flag.env})` : ''}`;
    return { left: `  --${name}${value}`, right: flag.description + notes };
  });
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  return [usage, '', ...rows.map((r) => r.left.padEnd(width) + r.right)].join('\n') + '\n';
}

/** The `--home DIR` / SYSWARD_HOME option every command and component takes; `what` says what it holds there. */
export function homeFlag(what = 'state, sockets and output folder (default ./var)'): FlagSpec {
  return { kind: 'string', description: what, env: 'SYSWARD_HOME' };
}
