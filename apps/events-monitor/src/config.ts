import * as fs from 'node:fs';
import { DirectoryError, makeDirectory } from '@sysward/command-line';
import * as path from 'node:path';
import type { AcceptanceMode } from './acceptance/managed-acceptance';

export const DEFAULT_EVENT_IDS = [1, 3, 8, 10, 13, 25];
export const DEFAULT_OUTBOX_CAP_BYTES = 450 * 1024 * 1024;

export interface MonitorConfig {
  home: string;
  /** .evtx files or folders (R-MON-7). */
  sources: string[];
  watch: boolean;
  /** The live channel to read instead of recordings (R-MON-1); null for recordings. */
  channel: string | null;
  /** Read the live channel from the simulated host under <home>/sim. */
  sim: boolean;
  /** Managed: only the managed Sysmon's records (R-MON-3); self-managed: the operator's Sysmon, all records. */
  acceptance: AcceptanceMode;
  /** Folder of the NDJSON file sink. */
  outDir: string;
  /** SQLite state (outbox + checkpoints). */
  stateFile: string;
  eventIds: number[];
  outboxCapBytes: number;
  sinkMaxFileBytes: number;
  batchSize: number;
  deliveryBatchSize: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Checks what can be checked before start, naming the setting at fault (house rule: fail fast). */
export function validateMonitorConfig(config: MonitorConfig): MonitorConfig {
  if (config.channel !== null && config.sources.length > 0) throw new ConfigError('channel: read either the live channel or recordings (--source), not both');
  if (config.channel === null && config.sources.length === 0) throw new ConfigError('sources: give at least one .evtx file or folder, or --channel');
  for (const source of config.sources) {
    if (!fs.existsSync(source)) throw new ConfigError(`sources: ${source} does not exist`);
  }
  if (config.eventIds.length === 0) throw new ConfigError('event-ids: the list is empty');
  for (const id of config.eventIds) {
    if (!Number.isInteger(id) || id < 0 || id > 65535) throw new ConfigError(`event-ids: ${id} is not an event id (0..65535)`);
  }
  if (!(config.outboxCapBytes >= 1024 * 1024)) {
    throw new ConfigError(`outbox-cap-mb: at least 1 MB, got ${(config.outboxCapBytes / 1048576).toFixed(2).replace(/\.?0+$/, '')} MB`);
  }
  if (!(Number.isInteger(config.batchSize) && config.batchSize >= 1)) throw new ConfigError(`batch-size: a whole number of at least 1, got ${config.batchSize}`);
  if (!(Number.isInteger(config.deliveryBatchSize) && config.deliveryBatchSize >= 1)) {
    throw new ConfigError(`delivery-batch-size: a whole number of at least 1, got ${config.deliveryBatchSize}`);
  }
  // Created here, at start, so an impossible folder is a clear error naming the setting (never a hang).
  try {
    makeDirectory(config.home, '--home');
    makeDirectory(config.outDir, '--out');
    makeDirectory(path.dirname(config.stateFile), '--state-file');
  } catch (error) {
    if (error instanceof DirectoryError) throw new ConfigError(error.message);
    throw error;
  }
  return config;
}

export function defaultMonitorConfig(home: string, overrides: Partial<MonitorConfig>): MonitorConfig {
  return {
    home,
    sources: [],
    watch: false,
    channel: null,
    sim: false,
    acceptance: 'managed',
    outDir: path.join(home, 'out'),
    stateFile: path.join(home, 'events-monitor', 'state.db'),
    eventIds: DEFAULT_EVENT_IDS,
    outboxCapBytes: DEFAULT_OUTBOX_CAP_BYTES,
    sinkMaxFileBytes: 64 * 1024 * 1024,
    batchSize: 500,
    deliveryBatchSize: 1000,
    ...overrides,
  };
}

/** Parses "1,3,8" into ids, naming the bad entry. */
export function parseEventIds(list: string[]): number[] {
  return list.map((entry) => {
    const id = Number(entry);
    if (!Number.isInteger(id)) throw new ConfigError(`event-ids: "${entry}" is not an integer`);
    return id;
  });
}
