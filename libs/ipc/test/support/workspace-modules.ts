import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/**
 * Child processes in tests run the built libraries (libs/<name>/dist) and find
 * them as @sysward/<name>. npm links workspaces into node_modules on install;
 * where that has not happened, this builds the same links in a temporary
 * directory for NODE_PATH. Returns the env entries a child needs.
 */
export function workspaceModuleEnv(libs: readonly string[] = ['agent-runtime', 'ipc', 'platform-posix']): Record<string, string> {
  for (const lib of libs) {
    const main = path.join(REPO_ROOT, 'libs', lib, 'dist', 'index.js');
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: build first (npx tsc -b libs/${lib})`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-modules-'));
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, '@sysward'), { mode: 0o755 });
  for (const lib of fs.readdirSync(path.join(REPO_ROOT, 'libs'))) {
    fs.symlinkSync(path.join(REPO_ROOT, 'libs', lib), path.join(dir, '@sysward', lib));
  }
  return { NODE_PATH: dir };
}
