import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SUPERVISOR_PIPE_ENV } from '@sysward/agent-runtime';

export interface StartLayout {
  /** The checkout or bundle holding apps/ and samples/. */
  root: string;
  home: string;
  /** .evtx files or folders the events monitor reads and keeps watching. */
  sources: string[];
  outDir: string;
}

/** The supervisor configuration `sysward start` runs: today the events monitor alone. */
export function startSupervisorConfig(layout: StartLayout): object {
  const monitorArgs = ['--home', layout.home, '--out', layout.outDir, '--watch', ...layout.sources.flatMap((s) => ['--source', s])];
  return {
    $comment: 'Written by `sysward start` each time it starts; edit apps/cli/src/supervisor-launch.ts rather than this file.',
    components: [{ name: 'events-monitor', command: path.join(layout.root, 'apps', 'events-monitor', 'dist', 'main.js'), args: monitorArgs, env: {} }],
  };
}

/** Writes the configuration where the supervisor looks by default, so a bare supervisor on this home runs the same. */
export function writeSupervisorConfig(home: string, config: object): string {
  const file = path.join(home, 'config', 'supervisor.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(config, null, 2) + '\n');
  return file;
}

export interface LaunchedSupervisor {
  pid: number;
  /** Resolves when the supervisor process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Graceful: the supervisor stops its components, then exits 0. */
  stop(): void;
  /** For a second Ctrl-C: the components notice the supervisor's pipe close and stop by themselves. */
  kill(): void;
}

/**
 * Starts the supervisor in its own process group, so that a Ctrl-C in the
 * terminal reaches only `sysward start`, which then stops the supervisor, which
 * stops the components in order (rather than every process receiving SIGINT at
 * once and the supervisor restarting what it sees exit). The stdin pipe stops
 * it if `sysward start` itself dies.
 */
export function launchSupervisor(root: string, home: string, configFile: string): LaunchedSupervisor {
  const main = path.join(root, 'apps', 'supervisor', 'dist', 'main.js');
  const child = spawn(process.execPath, [main, '--home', home, '--config', configFile], {
    stdio: ['pipe', 'ignore', 'inherit'],
    env: { ...process.env, [SUPERVISOR_PIPE_ENV]: '1' },
    detached: true,
    windowsHide: true,
  });
  child.stdin?.on('error', () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', () => resolve({ code: null, signal: null }));
    child.once('exit', (code, signal) => {
      // Release our end of its stdin pipe now rather than at garbage collection.
      child.stdin?.destroy();
      resolve({ code, signal });
    });
  });
  return {
    pid: child.pid ?? 0,
    exited,
    stop: () => child.kill('SIGTERM'),
    kill: () => child.kill('SIGKILL'),
  };
}
