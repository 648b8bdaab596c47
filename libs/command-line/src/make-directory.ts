import * as fs from 'node:fs';
import * as path from 'node:path';

export class DirectoryError extends Error {
  override readonly name = 'DirectoryError';
}

/**
 * `mkdir -p` that fails instead of hanging. Node's recursive mkdir loops
 * forever when a parent exists but refuses children with ENOENT (procfs:
 * `--home /proc/x`), so each missing level is created on its own and the
 * first refusal is reported with the setting it came from.
 */
export function makeDirectory(dir: string, what: string, mode?: number): string {
  const target = path.resolve(dir);
  const missing: string[] = [];
  let probe = target;
  for (;;) {
    let stat: fs.Stats | null = null;
    try {
      stat = fs.statSync(probe);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw explain(what, target, probe, error);
    }
    if (stat) {
      if (!stat.isDirectory()) throw new DirectoryError(`${what} ${target}: ${probe} exists and is not a directory`);
      break;
    }
    missing.unshift(probe);
    const parent = path.dirname(probe);
    if (parent === probe) break;
    probe = parent;
  }
  for (const level of missing) {
    try {
      fs.mkdirSync(level, mode === undefined ? undefined : { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && fs.statSync(level).isDirectory()) continue;
      throw explain(what, target, level, error);
    }
  }
  return target;
}

function explain(what: string, target: string, at: string, error: unknown): DirectoryError {
  const err = error as NodeJS.ErrnoException;
  const reason: Record<string, string> = {
    ENOENT: 'the file system does not allow creating it (is it /proc or /sys?)',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOTDIR: 'a parent is not a directory',
    ENOSPC: 'no space left on the device',
  };
  return new DirectoryError(`${what} ${target}: cannot create ${at}: ${reason[err.code ?? ''] ?? err.message}`);
}
