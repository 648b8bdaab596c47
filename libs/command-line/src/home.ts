import * as path from 'node:path';

/**
 * Every command and component keeps its state, sockets and output under one
 * home: `--home DIR`, else SYSWARD_HOME, else ./var (relative to the working directory).
 */
export function resolveHome(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? (env.SYSWARD_HOME && env.SYSWARD_HOME !== '' ? env.SYSWARD_HOME : 'var');
  return path.resolve(chosen);
}
