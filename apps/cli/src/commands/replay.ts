import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { EventsMonitor, listRecordingFiles, MONITOR_FLAGS, monitorConfigFromFlags, ConfigError, type MonitorCounters } from '@sysward/events-monitor';
import { parseCommandLine, type Command, type CommandIo } from './command';
import { ProgressLine } from '../progress-line';
import { collectingLog } from '../collecting-log';

const FLAGS = {
  ...MONITOR_FLAGS,
  out: { kind: 'string' as const, description: 'NDJSON output folder (required)' },
  quiet: { kind: 'boolean' as const, description: 'no progress line' },
};
const USAGE = 'usage: sysward replay PATH... --out DIR [options]\n\nRuns the events-monitor pipeline once over .evtx files or folders and exits.';

/**
 * `sysward replay`: the monitor's own pipeline (normalise, durable outbox,
 * NDJSON sink), run once. Its state is kept per output folder, so an
 * interrupted replay into the same folder resumes without duplicates and a
 * replay into a new folder starts from the beginning.
 */
export const replayCommand: Command = {
  path: ['replay'],
  summary: 'replay .evtx files through the pipeline into an NDJSON folder',
  async run(argv: string[], io: CommandIo): Promise<number> {
    const args = parseCommandLine(argv, FLAGS, USAGE, io);
    if (!args) return 0;
    if (args.positionals.length === 0) {
      io.stderr.write(`sysward replay: give at least one .evtx file or folder\n${USAGE}\n`);
      return 2;
    }
    if (!args.flags.out) {
      io.stderr.write(`sysward replay: --out DIR is required\n${USAGE}\n`);
      return 2;
    }
    const sources = args.positionals.map((p) => path.resolve(p));
    const outDir = path.resolve(args.flags.out as string);
    let config;
    try {
      config = monitorConfigFromFlags(args.flags, sources, { watch: false });
      if (!args.flags['state-file']) {
        const slot = crypto.createHash('sha256').update(outDir).digest('hex').slice(0, 16);
        config.stateFile = path.join(config.home, 'replay', slot, 'state.db');
      }
    } catch (error) {
      if (error instanceof ConfigError) {
        io.stderr.write(`sysward replay: ${error.message}\n`);
        return 2;
      }
      throw error;
    }

    const fileCount = listRecordingFiles(sources).length;
    const log = collectingLog();
    const monitor = new EventsMonitor(config, log);
    const progress = io.stderr.isTTY && !args.flags.quiet ? new ProgressLine(io.stderr) : null;
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    const ticker = progress ? setInterval(() => progress.show(progressText(monitor.counters, fileCount)), 200) : null;
    try {
      await monitor.run(stop.signal, { untilDrained: true });
    } finally {
      if (ticker) clearInterval(ticker);
      progress?.clear();
      process.removeListener('SIGINT', onSignal);
      await monitor.close();
    }
    for (const line of log.warnings()) io.stderr.write(`warning: ${line}\n`);
    io.stdout.write(summaryText(monitor.counters, outDir, stop.signal.aborted));
    if (stop.signal.aborted) return 130;
    return monitor.counters.fileErrors.length > 0 ? 1 : 0;
  },
};

function progressText(c: MonitorCounters, files: number): string {
  const width = 20;
  const done = files === 0 ? width : Math.round((Math.min(c.filesRead, files) / files) * width);
  return `[${'#'.repeat(done)}${'-'.repeat(width - done)}] files ${c.filesRead}/${files}  read ${c.read}  forwarded ${c.forwarded}  delivered ${c.delivered}`;
}

function summaryText(c: MonitorCounters, outDir: string, interrupted: boolean): string {
  const skipped = [...c.skippedById].sort((a, b) => a[0] - b[0]).map(([id, n]) => `${id}:${n}`).join(' ') || 'none';
  const health = [...c.healthById].sort((a, b) => a[0] - b[0]).map(([id, n]) => `${id}:${n}`).join(' ') || 'none';
  const lines = [
    interrupted ? 'replay interrupted (run it again to resume)' : 'replay complete',
    `  files read        ${c.filesRead}`,
    `  records read      ${c.read}`,
    `  delivered         ${c.delivered}`,
    `  already queued    ${c.duplicates} (read again after an interruption; not queued twice)`,
    `  sysmon ids not forwarded  ${skipped}`,
    `  other channels    ${c.otherSources} records (not Sysmon)`,
    `  sysmon health     ${health}`,
    `  errors            ${c.recordErrors} record errors, ${c.damagedChunks} damaged chunks, ${c.fileErrors.length} unreadable files`,
    ...c.fileErrors.map((f) => `    ${f.error.includes(f.file) ? f.error : `${f.file}: ${f.error}`}`),
    `  output            ${outDir}`,
  ];
  return lines.join('\n') + '\n';
}
