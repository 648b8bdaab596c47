/**
 * Where the live channel comes from (ARCHITECTURE seam 5: choose the platform
 * in one place). main.ts calls selectPlatform with process.platform; nothing
 * else in the monitor looks at it.
 */
import * as fs from 'node:fs';
import { PlatformError, type EventChannelPort, type OsInfoPort } from '@sysward/platform';

/** What the monitor needs from a platform to read the live channel. */
export interface ChannelPlatform {
  channels: EventChannelPort;
  os: Pick<OsInfoPort, 'hostName'>;
  /** Says which platform this is, for the start-up log line. */
  description: string;
  close(): void;
}

export interface PlatformInput {
  /** --sim was given. */
  sim: boolean;
  /** <home>/sim/host.db exists. */
  simExists: boolean;
  platform: NodeJS.Platform;
}

export type PlatformChoice = { kind: 'sim' } | { kind: 'windows' } | { kind: 'none'; reason: string };

/** A simulated host wins when asked for or present, so development machines and tests never touch a real event log by accident. */
export function choosePlatform(input: PlatformInput): PlatformChoice {
  if (input.sim || input.simExists) return { kind: 'sim' };
  if (input.platform === 'win32') return { kind: 'windows' };
  return { kind: 'none', reason: `there is no Windows event log on ${input.platform}: create a simulated host under <home>/sim ('sysward sim init'), or read recordings with --source` };
}

export function selectPlatform(config: { home: string; sim: boolean }, platform: NodeJS.Platform): ChannelPlatform {
  // Loaded here only: recordings and replays never pay for the sim (SQLite) or a native adapter.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sim = require('@sysward/platform-sim') as typeof import('@sysward/platform-sim');
  const choice = choosePlatform({ sim: config.sim, simExists: fs.existsSync(sim.simDatabasePath(config.home)), platform });
  switch (choice.kind) {
    case 'sim': {
      const host = sim.SimHost.open(config.home);
      return { channels: host.ports.channels, os: host.ports.os, description: `simulated host ${host.file}`, close: () => host.close() };
    }
    case 'windows':
      throw new PlatformError('NOT_SUPPORTED', 'reading the live channel on Windows needs the Windows event log adapter (libs/platform-windows), which is not built yet');
    case 'none':
      throw new PlatformError('NOT_SUPPORTED', choice.reason);
  }
}
