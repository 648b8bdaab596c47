import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MonitorStatus } from '@sysward/agent-runtime';
import { openMonitorStore, type Checkpoint, type MonitorStore } from '@sysward/state-store';
import type { MonitorConfig } from './config';
import { MonitorCounters } from './counters';
import { DeliveryLoop } from './delivery';
import { DeliveryLag } from './delivery-lag';
import { LifetimeTotals } from './lifetime-totals';
import { runIngest } from './ingest';
import { createRecordEncoder, renderDeliveryJson } from './record-encoder';
import { NdjsonFileSink } from './sinks/ndjson-file-sink';
import type { Sink } from './sinks/sink';
import { RecordingSource } from './sources/recording-source';
import { loadOrCreateAgentId } from './identity';
import { retryDelayMs } from './retry';

/** The few log calls the monitor makes (pino in production, a list in tests). */
export interface MonitorLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface MonitorRunOptions {
  /** Stop once every source is read and the outbox is empty (replay); otherwise run until aborted. */
  untilDrained: boolean;
}

/**
 * The events monitor (R-MON): sources -> normalise -> outbox + checkpoint ->
 * sink. Reading and delivery are two loops joined only by the durable
 * outbox, so a slow sink never blocks reading or checkpointing.
 */
export class EventsMonitor {
  readonly counters = new MonitorCounters();
  readonly store: MonitorStore;
  private readonly sink: Sink;
  readonly sinkDir: string;
  private readonly agentId: string;
  private readonly lag: DeliveryLag;
  private readonly totals: LifetimeTotals;
  /** Where reading resumes, until this process moves a checkpoint itself. */
  private readonly resumedFrom: MonitorCounters['lastCheckpoint'];

  constructor(
    private readonly config: MonitorConfig,
    private readonly log: MonitorLog,
    sink?: Sink,
  ) {
    // The sink first: its folder check is cheap and a refusal must not leave the store locked.
    this.sinkDir = config.outDir;
    this.sink =
      sink ??
      new NdjsonFileSink({ dir: config.outDir, maxFileBytes: config.sinkMaxFileBytes, render: renderDeliveryJson, owner: path.resolve(config.stateFile) });
    fs.mkdirSync(path.dirname(config.stateFile), { recursive: true });
    this.store = openMonitorStore(config.stateFile, { logger: log });
    this.reportStoreOpening();
    this.agentId = loadOrCreateAgentId(config.home);
    this.lag = new DeliveryLag(this.store.stats(), Date.now());
    this.totals = LifetimeTotals.load(this.store, log);
    this.resumedFrom = latestCheckpoint(this.store.listCheckpoints());
  }

  private reportStoreOpening(): void {
    const { log } = this;
    const report = this.store.openReport;
    if (report.recreated) {
      log.error(report.recreated, 'state store was unreadable: moved aside and recreated; events not yet delivered from it are lost');
    }
    if (report.createdEmpty?.lossSuspected) {
      // BUG-14: a store that existed before and is now empty means checkpoints were lost: say so before replaying.
      log.warn({ reason: report.createdEmpty.reason }, 'state store was missing and has been created empty: sources will be read again from the start');
    }
    if (report.previousSessionUnclean) log.info({}, 'previous run did not stop cleanly; store integrity checked');
    if (report.unmatchedCheckpointKeys.length > 0) {
      log.warn({ keys: report.unmatchedCheckpointKeys }, 'checkpoint rows that match no known source');
    }
  }

  async run(signal: AbortSignal, options: MonitorRunOptions): Promise<void> {
    const { config, counters, log } = this;
    const encode = createRecordEncoder({ agentId: this.agentId, eventIds: config.eventIds });
    const delivery = new DeliveryLoop({
      store: this.store,
      sink: this.sink,
      counters,
      batchSize: config.deliveryBatchSize,
      retryDelayMs,
      now: Date.now,
      onError: (error, attempt) => {
        const entry = { err: String(error), attempt, sink: this.sink.name };
        if (attempt === 1) log.warn(entry, 'delivery failed; retrying with backoff');
      },
    });
    const source = new RecordingSource({
      paths: config.sources,
      watch: config.watch && !options.untilDrained,
      watchIntervalMs: 1000,
      batchSize: config.batchSize,
      checkpointOf: (key) => this.store.getCheckpoint(key),
      observer: {
        onDamage: (file, damage) => {
          counters.damagedChunks += damage.damagedChunks;
          counters.recordErrors += damage.recordErrors;
          log.warn({ file, ...damage }, 'recording is damaged: readable records were kept, the rest skipped and counted');
        },
        onSourceDone: (_key, file, records) => {
          counters.filesRead += 1;
          log.info({ file, records }, 'recording read');
        },
        onSourceError: (file, error) => {
          counters.fileErrors.push({ file, error: error.message });
          log.error({ file, err: error.message }, 'recording could not be read');
        },
      },
    });

    let inputDone = false;
    const ingest = runIngest(
      {
        source,
        store: this.store,
        encode,
        counters,
        outboxCapBytes: config.outboxCapBytes,
        now: Date.now,
        onCommitted: () => {
          this.lag.committed(this.store.stats(), Date.now());
          delivery.notify();
        },
        onRecordError: (file, recordId, error) => log.warn({ file, recordId, err: String(error) }, 'record could not be normalised'),
      },
      signal,
    ).finally(() => {
      inputDone = true;
      delivery.notify();
    });
    const deliver = delivery.run(signal, options.untilDrained ? { isInputDone: () => inputDone } : undefined);
    await Promise.all([ingest, deliver]);
  }

  /** The figures the supervisor serves (R-SUP-2). Read and delivered count over the store's life. */
  statusFigures(nowMs: number): MonitorStatus {
    const stats = this.store.stats();
    const totals = this.totals.current(this.counters);
    const checkpoint = this.counters.lastCheckpoint ?? this.resumedFrom;
    return {
      eventsRead: totals.read,
      eventsDelivered: totals.delivered,
      eventsDropped: stats.evictedTotal,
      gaps: this.counters.gaps,
      outboxBytes: stats.bytes,
      checkpointPosition: checkpoint ? `${checkpoint.source}@${checkpoint.recordId}` : '',
      checkpointUpdatedAtMs: checkpoint?.atMs ?? 0,
      deliveryLagMs: this.lag.lagMs(stats.oldestSeq, nowMs),
    };
  }

  /** Saves the lifetime totals (cheap when nothing moved); the status tick calls it. */
  saveTotals(): void {
    this.totals.save(this.counters);
  }

  async close(): Promise<void> {
    await this.sink.close();
    try {
      this.saveTotals();
    } finally {
      this.store.close();
    }
  }
}

function latestCheckpoint(checkpoints: Checkpoint[]): MonitorCounters['lastCheckpoint'] {
  let latest: Checkpoint | undefined;
  for (const c of checkpoints) if (latest === undefined || c.updatedAtMs > latest.updatedAtMs) latest = c;
  return latest ? { source: latest.source, recordId: latest.recordId, atMs: latest.updatedAtMs } : null;
}
