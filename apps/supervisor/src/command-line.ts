import * as path from 'node:path';
import { resolveHome } from '@sysward/agent-runtime';

export interface SupervisorCommandLine {
  home: string;
  configFile: string;
}

export const USAGE = 'usage: sysward-supervisor [--home DIR] [--config FILE]  (config defaults to <home>/config/supervisor.json)';

/** Parses the supervisor's arguments; an unknown or incomplete one is an error that shows the usage. */
export function parseSupervisorCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): SupervisorCommandLine {
  let config: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--home') i++;
    else if (arg.startsWith('--home=')) continue;
    else if (arg === '--config') {
      config = argv[++i];
      if (config === undefined || config === '' || config.startsWith('--')) throw new Error(`--config needs a file\n${USAGE}`);
    } else if (arg.startsWith('--config=')) {
      config = arg.slice('--config='.length);
      if (config === '') throw new Error(`--config= needs a file\n${USAGE}`);
    } else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  const home = resolveHome(argv, env, cwd);
  return { home, configFile: config !== undefined ? path.resolve(cwd, config) : path.join(home, 'config', 'supervisor.json') };
}
