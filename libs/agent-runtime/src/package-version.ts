import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The version a process reports in status: its package.json's, read at run
 * time so that a staged upgrade (R-SUP-4) reports what is really running.
 */
export function packageVersion(packageDir: string): string {
  try {
    const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof version === 'string' && version !== '' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
