/**
 * Composition root of the events-monitor process.
 *   node apps/events-monitor/dist/main.js --source DIR [--watch] [--once] [--home DIR] [--out DIR]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import pino from 'pino';
import { formatUsage, parseArgs, UsageError } from '@sysward/command-line';
import { ConfigError } from './config';
import { MONITOR_FLAGS, monitorConfigFromFlags } from './cli-options';
import { EventsMonitor } from './monitor';

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
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  log.info({ sources: config.sources, out: config.outDir, pid: process.pid }, 'events monitor started');
  try {
    await monitor.run(stop.signal, { untilDrained: Boolean(parseArgs(argv, FLAGS).flags.once) });
  } finally {
    await monitor.close();
    log.info(monitor.counters.snapshot(), 'events monitor stopped');
    log.flush();
  }
  return 0;
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
