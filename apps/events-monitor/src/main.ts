/**
 * Composition root of the events-monitor process.
 *   node apps/events-monitor/dist/main.js --source DIR [--watch] [--once] [--home DIR] [--out DIR]
 * Started by the supervisor (SYSWARD_COMPONENT set), it also reports its status and
 * obeys Stop over local gRPC; run by hand, it never tries to connect.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import pino from 'pino';
import { packageVersion, supervisedIdentity } from '@sysward/agent-runtime';
import { formatUsage, parseArgs, UsageError } from '@sysward/command-line';
import { ConfigError } from './config';
import { MONITOR_FLAGS, monitorConfigFromFlags } from './cli-options';
import { EventsMonitor } from './monitor';
import type { Supervision } from './supervision';

const FLAGS = {
  ...MONITOR_FLAGS,
  source: { kind: 'list' as const, description: '.evtx file or folder to read (repeatable)' },
  watch: { kind: 'boolean' as const, description: 'keep watching the folders for new or grown recordings' },
  once: { kind: 'boolean' as const, description: 'exit once every source is read and delivered' },
};
const USAGE = 'usage: events-monitor --source PATH [--source PATH...] [--watch | --once] [options]';

async function main(argv: string[]): Promise<number> {
  let config;
  try {
    const args = parseArgs(argv, FLAGS);
    if (args.flags.help) {
      process.stdout.write(formatUsage(USAGE, FLAGS));
      return 0;
    }
    const sources = [...((args.flags.source as string[] | undefined) ?? []), ...args.positionals].map((p) => path.resolve(p));
    config = monitorConfigFromFlags(args.flags, sources, { watch: Boolean(args.flags.watch) });
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

  const monitor = new EventsMonitor(config, log);
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
      supervision = await loadSupervision().superviseMonitor({ ...identity, version, monitor, requestStop, log });
    }
    log.info({ sources: config.sources, out: config.outDir, pid: process.pid, supervisedAs: identity?.component }, 'events monitor started');
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
