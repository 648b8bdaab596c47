import * as fs from 'node:fs';
import { UsageError } from '@sysward/command-line';
import { NotEvtxError, openEvtxFile } from '@sysward/evtx';
import { activityFromRecord, type ActivityInput, type SimHost } from '@sysward/platform-sim';
import { simCommand, withHost } from './sim-kit';

const BATCH = 500;

/**
 * `sysward sim replay`: recorded Sysmon events become activities on the
 * simulated host, so the simulated Sysmon (and the user-mode view) see real
 * process trees, connections and registry writes.
 */
export const simReplayCommand = simCommand({
  verb: ['replay'],
  summary: 'turn the Sysmon events of .evtx files into activities on the host',
  usage: 'FILE.evtx... [--rate N]',
  positionals: [1, Infinity],
  flags: { rate: { kind: 'number', description: 'activities per second (default 0: as fast as possible)', default: 0 } },
  run({ args, home, io }) {
    const rate = args.flags.rate as number;
    if (!(rate >= 0)) throw new UsageError(`--rate must be 0 or more activities per second, got ${rate}`);
    const files = args.positionals;
    for (const file of files) if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
    return withHost(home, async (host) => {
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once('SIGINT', onSignal);
      let exitCode = 0;
      const totals = { records: 0, activities: 0, skipped: 0, captured: 0 };
      try {
        const pacer = new Pacer(rate);
        for (const file of files) {
          let reader;
          try {
            reader = openEvtxFile(file);
          } catch (error) {
            io.stderr.write(`sysward sim replay: ${error instanceof NotEvtxError ? error.message : `${file}: ${(error as Error).message}`}\n`);
            exitCode = 2;
            continue;
          }
          try {
            let batch: ActivityInput[] = [];
            for (const record of reader.records()) {
              if (stop.signal.aborted) break;
              totals.records += 1;
              const activity = activityFromRecord(record, `replay ${file} record ${record.recordId}`);
              if (!activity) {
                totals.skipped += 1;
                continue;
              }
              batch.push(activity);
              if (batch.length >= pacer.batchSize()) {
                await pacer.wait(batch.length, stop.signal);
                totals.captured += recordBatch(host, batch);
                totals.activities += batch.length;
                batch = [];
              }
            }
            if (batch.length > 0 && !stop.signal.aborted) {
              await pacer.wait(batch.length, stop.signal);
              totals.captured += recordBatch(host, batch);
              totals.activities += batch.length;
            }
          } finally {
            reader.close();
          }
        }
      } finally {
        process.removeListener('SIGINT', onSignal);
      }
      io.stdout.write(
        `replayed ${totals.activities} activities from ${totals.records} records (${totals.skipped} skipped: not a forwarded Sysmon event); ${totals.captured} captured by a running Sysmon\n`,
      );
      return exitCode;
    });
  },
});

function recordBatch(host: SimHost, batch: ActivityInput[]): number {
  return host.recordActivities(batch).filter((a) => a.seenBySysmon !== null).length;
}

/** Spaces activities `1/rate` seconds apart, in batches small enough to keep the pace smooth. */
class Pacer {
  private readonly started = Date.now();
  private sent = 0;

  constructor(private readonly rate: number) {}

  batchSize(): number {
    return this.rate === 0 ? BATCH : Math.max(1, Math.min(BATCH, Math.floor(this.rate / 20)));
  }

  async wait(count: number, signal: AbortSignal): Promise<void> {
    this.sent += count;
    if (this.rate === 0) return;
    const due = this.started + ((this.sent - count) * 1000) / this.rate;
    const delay = due - Date.now();
    if (delay <= 0 || signal.aborted) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  }
}
