import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, validateBackoffPolicy, type BackoffPolicy } from '@sysward/agent-runtime';
import { assertComponentName } from '@sysward/ipc';

/** One supervised process: `node <command> <args...>` with extra environment. */
export interface ComponentSpec {
  name: string;
  /** Absolute path of the component's Node entry script. */
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface CrashLoopPolicy {
  /** This many crashes within windowMs mark the component degraded (R-SUP-1). */
  maxCrashes: number;
  windowMs: number;
}

export interface RestartPolicy {
  backoff: BackoffPolicy;
  crashLoop: CrashLoopPolicy;
  /** How long a component may take to stop gracefully before it is killed. */
  stopGraceMs: number;
  /** A degraded component is tried again after this long; 0 = only on request. */
  degradedRetryMs: number;
}

export interface SupervisorConfig {
  components: ComponentSpec[];
  restart: RestartPolicy;
  /** Accept a foreign Sysmon as the collector instead of falling back to ui-realtime (R-INS-2). */
  selfManagedSysmon: boolean;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  backoff: { initialDelayMs: 500, maxDelayMs: 30_000, multiplier: 2, jitter: 0.5 },
  crashLoop: { maxCrashes: 5, windowMs: 60_000 },
  stopGraceMs: 5_000,
  degradedRetryMs: 10 * 60_000,
};

export function loadSupervisorConfig(file: string): SupervisorConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, '(file)', `cannot read the supervisor configuration: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, '(file)', `not valid JSON: ${(error as Error).message}`);
  }
  return parseSupervisorConfig(json, file);
}

/**
 * Validates a parsed configuration. Relative component commands are resolved
 * against the configuration file's directory, so a config travels with the bundle.
 */
export function parseSupervisorConfig(json: unknown, file: string): SupervisorConfig {
  const baseDir = path.dirname(path.resolve(file));
  const root = object(json, file, '(root)');
  allowOnly(root, ['components', 'restart', 'selfManagedSysmon', '$comment'], file, '(root)');

  const list = root.components;
  if (!Array.isArray(list)) throw new ConfigError(file, 'components', 'must be a list of {name, command, args, env}');
  const seen = new Set<string>();
  const components = list.map((entry, i) => parseComponent(entry, file, `components[${i}]`, baseDir, seen));

  const restart = parseRestart(root.restart, file);
  const selfManaged = root.selfManagedSysmon ?? false;
  if (typeof selfManaged !== 'boolean') throw new ConfigError(file, 'selfManagedSysmon', 'must be true or false');
  return { components, restart, selfManagedSysmon: selfManaged };
}

function parseComponent(entry: unknown, file: string, key: string, baseDir: string, seen: Set<string>): ComponentSpec {
  const o = object(entry, file, key);
  allowOnly(o, ['name', 'command', 'args', 'env'], file, key);
  if (typeof o.name !== 'string') throw new ConfigError(file, `${key}.name`, 'must be a string');
  try {
    assertComponentName(o.name);
  } catch (error) {
    throw new ConfigError(file, `${key}.name`, (error as Error).message);
  }
  if (o.name === 'supervisor') throw new ConfigError(file, `${key}.name`, '"supervisor" is the supervisor itself');
  if (seen.has(o.name)) throw new ConfigError(file, `${key}.name`, `"${o.name}" is listed twice`);
  seen.add(o.name);
  if (typeof o.command !== 'string' || o.command === '') throw new ConfigError(file, `${key}.command`, 'must be the path of a Node script');
  const command = path.resolve(baseDir, o.command);
  const args = o.args ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) {
    throw new ConfigError(file, `${key}.args`, 'must be a list of strings');
  }
  const env = o.env ?? {};
  if (typeof env !== 'object' || env === null || Array.isArray(env) || !Object.values(env).every((v) => typeof v === 'string')) {
    throw new ConfigError(file, `${key}.env`, 'must be an object of string values');
  }
  return { name: o.name, command, args: [...args], env: { ...(env as Record<string, string>) } };
}

function parseRestart(value: unknown, file: string): RestartPolicy {
  if (value === undefined) return DEFAULT_RESTART_POLICY;
  const o = object(value, file, 'restart');
  const known = [
    'initialDelayMs',
    'maxDelayMs',
    'multiplier',
    'jitter',
    'crashLoopCrashes',
    'crashLoopWindowMs',
    'stopGraceMs',
    'degradedRetryMs',
  ];
  allowOnly(o, known, file, 'restart');
  const d = DEFAULT_RESTART_POLICY;
  const num = (name: string, fallback: number, min: number, integer = false): number => {
    const v = o[name] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
      throw new ConfigError(file, `restart.${name}`, `must be ${integer ? 'an integer' : 'a number'} >= ${min}`);
    }
    return v;
  };
  const backoff = {
    initialDelayMs: num('initialDelayMs', d.backoff.initialDelayMs, 0),
    maxDelayMs: num('maxDelayMs', d.backoff.maxDelayMs, 0),
    multiplier: num('multiplier', d.backoff.multiplier, 1),
    jitter: num('jitter', d.backoff.jitter, 0),
  };
  try {
    validateBackoffPolicy(backoff, 'restart');
  } catch (error) {
    throw new ConfigError(file, 'restart', (error as Error).message);
  }
  return {
    backoff,
    crashLoop: {
      maxCrashes: num('crashLoopCrashes', d.crashLoop.maxCrashes, 1, true),
      windowMs: num('crashLoopWindowMs', d.crashLoop.windowMs, 1),
    },
    stopGraceMs: num('stopGraceMs', d.stopGraceMs, 0),
    degradedRetryMs: num('degradedRetryMs', d.degradedRetryMs, 0),
  };
}

function object(value: unknown, file: string, key: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(file, key, 'must be an object');
  return value as Record<string, unknown>;
}

function allowOnly(o: Record<string, unknown>, keys: string[], file: string, where: string): void {
  for (const key of Object.keys(o)) {
    if (!keys.includes(key)) {
      throw new ConfigError(file, where === '(root)' ? key : `${where}.${key}`, `unknown key (expected one of: ${keys.join(', ')})`);
    }
  }
}
