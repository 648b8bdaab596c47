/**
 * Composition root of the events-monitor process.
 *   node apps/events-monitor/dist/main.js --source DIR [--watch] [--once] [--home DIR] [--out DIR]
 *   node apps/events-monitor/dist/main.js --channel [--sim] [--self-managed] [--home DIR] [--out DIR]
 * Started by the supervisor (SYSWARD_COMPONENT set), it also reports its status and
 * obeys Stop over local gRPC (and, reading the channel, serves MonitorCoordination to
 * the installer); run by hand, it never tries to connect.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import pino from 'pino';
import { packageVersion, supervisedIdentity } from '@sysward/agent-runtime';
import { formatUsage, parseArgs, UsageError } from '@sysward/command-line';
import { isPlatformError, SYSMON_OPERATIONAL_CHANNEL } from '@sysward/platform';
import { selectPlatform, type ChannelPlatform } from './channel/select-platform';
import { ConfigError } from './config';
import { MONITOR_FLAGS, monitorConfigFromFlags } from './cli-options';
import { EventsMonitor } from './monitor';
import type { Supervision } from './supervision';

const FLAGS = {
  ...MONITOR_FLAGS,
  source: { kind: 'list' as const, description: '.evtx file or folder to read (repeatable)' },
  watch: { kind: 'boolean' as const, description: 'keep watching the folders for new or grown recordings' },
  once: { kind: 'boolean' as const, description: 'exit once every source is read and delivered' },
  channel: { kind: 'boolean' as const, description: `read the live Sysmon channel (${SYSMON_OPERATIONAL_CHANNEL}) instead of recordings` },
  sim: { kind: 'boolean' as const, description: 'with --channel: the simulated host under <home>/sim (also chosen when it exists)' },
  'self-managed': { kind: 'boolean' as const, description: "with --channel: the operator's own Sysmon, every record accepted (default: managed)" },
};
const USAGE = 'usage: events-monitor --source PATH [--source PATH...] [--watch | --once] [options]\n       events-monitor --channel [--sim] [--self-managed] [options]';

async function main(argv: string[]): Promise<number> {
  let config;
  try {
    const args = parseArgs(argv, FLAGS);
    if (args.flags.help) {
      process.stdout.write(formatUsage(USAGE, FLAGS));
      return 0;
    }
    const sources = [...((args.flags.source as string[] | undefined) ?? []), ...args.positionals].map((p) => path.resolve(p));
    const live = Boolean(args.flags.channel);
    if (live && (args.flags.once || args.flags.watch)) throw new UsageError('--once and --watch are for recordings; the live channel is read until stopped');
    if (!live && (args.flags.sim || args.flags['self-managed'])) throw new UsageError('--sim and --self-managed go with --channel');
    config = monitorConfigFromFlags(args.flags, sources, {
      watch: Boolean(args.flags.watch),
      channel: live ? SYSMON_OPERATIONAL_CHANNEL : null,
      sim: Boolean(args.flags.sim),
      acceptance: args.flags['self-managed'] ? 'self-managed' : 'managed',
    });
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`events-monitor: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const logDir = path.join(config.home, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const log = pino({ name: 'events-monitor' }, pino.destination({ dest: path.join(logDir, 'events-monitor.log'), sync: false, mkdir: true }));

  let platform: ChannelPlatform | undefined;
  try {
    platform = config.channel === null ? undefined : selectPlatform(config, process.platform);
  } catch (error) {
    if (!isPlatformError(error)) throw error;
    process.stderr.write(`events-monitor: ${error.message}\n`);
    return 2;
  }
  const monitor = new EventsMonitor(config, log, { platform });
  const stop = new AbortController();
  let supervision: Supervision | null = null;
  const requestStop = (reason: string): void => {
    if (stop.signal.aborted) return;
    log.info({ reason }, 'stop requested');
    supervision?.stopping(reason);
    stop.abort();
  };
  process.once('SIGINT', () => requestStop('SIGINT'));
  process.once('SIGTERM', () => requestStop('SIGTERM'));
  try {
    const identity = supervisedIdentity();
    if (identity !== null) {
      const version = packageVersion(path.join(__dirname, '..'));
      supervision = await loadSupervision().superviseMonitor({ ...identity, version, monitor, coordination: monitor.coordinator, requestStop, log });
    }
    log.info(
      { sources: config.sources, channel: config.channel, platform: platform?.description, acceptance: config.channel ? config.acceptance : undefined, out: config.outDir, pid: process.pid, supervisedAs: identity?.component },
      'events monitor started',
    );
    await monitor.run(stop.signal, { untilDrained: Boolean(parseArgs(argv, FLAGS).flags.once) });
    supervision?.ended();
  } catch (error) {
    await supervision?.failed(error);
    throw error;
  } finally {
    await monitor.close();
    log.info(monitor.counters.snapshot(), 'events monitor stopped');
    log.flush();
  }
  await supervision?.stopped();
  return 0;
}

/** gRPC is loaded only under a supervisor: standalone runs (replay, tests) start faster and smaller. */
function loadSupervision(): typeof import('./supervision') {
  return require('./supervision') as typeof import('./supervision');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`events-monitor: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
