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
  /**
   * Also run the simulated host (<home>/sim), the Sysmon installer on it, and a second
   * events monitor on its live Sysmon channel (writing to liveOutDir).
   */
  sim?: { liveOutDir: string };
}

/** The component that reads the simulated host's live channel; the installer coordinates with it (R-INS-11). */
export const LIVE_MONITOR_COMPONENT = 'events-monitor-live';

/** The supervisor configuration `sysward start` runs. */
export function startSupervisorConfig(layout: StartLayout): object {
  const monitorArgs = ['--home', layout.home, '--out', layout.outDir, '--watch', ...layout.sources.flatMap((s) => ['--source', s])];
  const monitor = path.join(layout.root, 'apps', 'events-monitor', 'dist', 'main.js');
  const components: object[] = [{ name: 'events-monitor', command: monitor, args: monitorArgs, env: {} }];
  if (layout.sim) {
    components.unshift({ name: 'sim-host', command: path.join(layout.root, 'apps', 'cli', 'bin', 'sysward.js'), args: ['sim', 'run', '--home', layout.home, '--quiet'], env: {} });
    components.push({
      name: 'sysmon-installer',
      command: path.join(layout.root, 'apps', 'sysmon-installer', 'dist', 'main.js'),
      // The simulated host's releases are signed with the committed development key; the flag says so loudly in the log.
      args: ['--home', layout.home, '--sim', '--development-key', '--monitor-component', LIVE_MONITOR_COMPONENT],
      env: {},
    });
    components.push({
      name: LIVE_MONITOR_COMPONENT,
      command: monitor,
      args: ['--home', layout.home, '--channel', '--sim', '--out', layout.sim.liveOutDir, '--state-file', path.join(layout.home, LIVE_MONITOR_COMPONENT, 'state.db')],
      env: {},
    });
  }
  return {
    $comment: 'Written by `sysward start` each time it starts; edit apps/cli/src/supervisor-launch.ts rather than this file.',
    components,
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
