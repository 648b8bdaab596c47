import * as path from 'node:path';
import { resolveHome } from '@sysward/agent-runtime';
import { parseArgs, type FlagSpec, homeFlag } from '@sysward/command-line';
import { defaultMonitorConfig, parseEventIds, validateMonitorConfig, DEFAULT_EVENT_IDS, type MonitorConfig } from './config';

/** Flags shared by the monitor process and `sysward replay`. */
export const MONITOR_FLAGS: Record<string, FlagSpec> = {
  home: homeFlag(),
  out: { kind: 'string', description: 'NDJSON sink folder (default <home>/out)' },
  'event-ids': { kind: 'list', description: `Sysmon event ids to forward (default ${DEFAULT_EVENT_IDS.join(',')})` },
  'outbox-cap-mb': { kind: 'number', description: 'outbox size cap in MB (default 450)' },
  'state-file': { kind: 'string', description: 'SQLite state file (default <home>/events-monitor/state.db)' },
  'batch-size': { kind: 'number', description: 'records per outbox transaction (default 500)' },
  'delivery-batch-size': { kind: 'number', description: 'records per sink call, the in-flight window (default 1000)' },
  help: { kind: 'boolean', description: 'show this help' },
};

/** Builds and validates a monitor config from parsed flags; errors name the flag. */
export function monitorConfigFromFlags(
  flags: ReturnType<typeof parseArgs>['flags'],
  sources: string[],
  extra: Partial<MonitorConfig> = {},
): MonitorConfig {
  const home = resolveHome(flags.home as string | undefined);
  const overrides: Partial<MonitorConfig> = { sources, ...extra };
  if (flags.out) overrides.outDir = path.resolve(flags.out as string);
  if (flags['state-file']) overrides.stateFile = path.resolve(flags['state-file'] as string);
  if (flags['event-ids']) overrides.eventIds = parseEventIds(flags['event-ids'] as string[]);
  if (flags['outbox-cap-mb'] !== undefined) overrides.outboxCapBytes = Math.floor((flags['outbox-cap-mb'] as number) * 1024 * 1024);
  if (flags['batch-size'] !== undefined) overrides.batchSize = flags['batch-size'] as number;
  if (flags['delivery-batch-size'] !== undefined) overrides.deliveryBatchSize = flags['delivery-batch-size'] as number;
  return validateMonitorConfig(defaultMonitorConfig(home, overrides));
}
