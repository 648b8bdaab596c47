/**
 * Which host the installer works on (ARCHITECTURE seam 5: the platform is chosen in
 * one place). A simulated host wins when asked for or present under <home>/sim, so a
 * development machine never touches a real Sysmon by accident.
 */
import * as fs from 'node:fs';
import { PlatformError, type PlatformPorts } from '@sysward/platform';

export interface InstallerPlatform {
  readonly ports: PlatformPorts;
  readonly sim: boolean;
  readonly description: string;
  close(): void;
}

export const SIM_FALLBACK_POLL_MS = 5_000;

export type PlatformChoice = { kind: 'sim' } | { kind: 'windows' } | { kind: 'none'; reason: string };

export function choosePlatform(input: { sim: boolean; simExists: boolean; platform: NodeJS.Platform }): PlatformChoice {
  if (input.sim || input.simExists) return { kind: 'sim' };
  if (input.platform === 'win32') return { kind: 'windows' };
  return { kind: 'none', reason: `there is no Windows host to manage on ${input.platform}: create a simulated host under <home>/sim ('sysward sim init')` };
}

export function selectPlatform(config: { home: string; sim: boolean }, platform: NodeJS.Platform): InstallerPlatform {
  // Loaded only here: the sim's SQLite is not paid for by anything else.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const simLib = require('@sysward/platform-sim') as typeof import('@sysward/platform-sim');
  const choice = choosePlatform({ sim: config.sim, simExists: fs.existsSync(simLib.simDatabasePath(config.home)), platform });
  switch (choice.kind) {
    case 'sim': {
      if (!fs.existsSync(simLib.simDatabasePath(config.home))) {
        throw new PlatformError('NOT_FOUND', `no simulated host under ${config.home}/sim: run 'sysward sim init --home ${config.home}' first`);
      }
      // inotify says when another process wrote; the sim's 250 ms fallback poll would be most of
      // an idle installer's CPU (R-PERF-1), and the periodic round already bounds what a missed
      // notification costs, so the fallback polls slowly here.
      const host = simLib.SimHost.open(config.home, { fallbackPollMs: SIM_FALLBACK_POLL_MS });
      return { ports: host.ports, sim: true, description: `simulated host ${host.file}`, close: () => host.close() };
    }
    case 'windows':
      throw new PlatformError('NOT_SUPPORTED', 'managing Sysmon on Windows needs the Windows platform adapter (libs/platform-windows), which is not built yet');
    case 'none':
      throw new PlatformError('NOT_SUPPORTED', choice.reason);
  }
}
