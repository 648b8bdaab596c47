import * as path from 'node:path';

/** Set by the supervisor in every component it starts (with SYSWARD_HOME): the name it supervises it by. */
export const COMPONENT_ENV = 'SYSWARD_COMPONENT';

export interface SupervisedIdentity {
  /** The name the supervisor knows this process by; also names its socket. */
  component: string;
  /** The supervisor's home, where its socket is. */
  home: string;
}

/**
 * Who started this process: the supervisor's identity for it, or null when it
 * was run by hand (replay, tests), in which case it must not try to report.
 */
export function supervisedIdentity(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): SupervisedIdentity | null {
  const component = env[COMPONENT_ENV]?.trim();
  const home = env.SYSWARD_HOME?.trim();
  if (!component || !home) return null;
  return { component, home: path.resolve(cwd, home) };
}
