import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MonitorStatus } from '@sysward/agent-runtime';
import { Collector } from '@sysward/event-schema';
import { openMonitorStore, type Checkpoint, type MonitorStore } from '@sysward/state-store';
import { ChannelReading } from './channel/channel-reading';
import { missingCheckpointWarning } from './channel/missing-checkpoint';
import type { ChannelPlatform } from './channel/select-platform';
import type { MonitorConfig } from './config';
import { MonitorCounters } from './counters';
import { DeliveryLoop } from './delivery';
import { DeliveryLag } from './delivery-lag';
import { LifetimeTotals } from './lifetime-totals';
import { runIngest } from './ingest';
import { createGapEncoder } from './gap-encoder';
import { createRecordEncoder, renderDeliveryJson } from './record-encoder';
import { NdjsonFileSink } from './sinks/ndjson-file-sink';
import type { Sink } from './sinks/sink';
import type { EventSource } from './sources/event-source';
import { RecordingSource } from './sources/recording-source';
import { loadOrCreateAgentId } from './identity';
import { retryDelayMs } from './retry';

/** The few log calls the monitor makes (pino in production, a list in tests). */
export interface MonitorLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface EventsMonitorOptions {
  /** The sink; default the NDJSON file sink in config.outDir. */
  sink?: Sink;
  /** Where the live channel comes from; required when config.channel is set (main.ts: selectPlatform). */
  platform?: ChannelPlatform;
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
  /** Set when reading the live channel; its coordinator is what the installer calls (R-MON-3, R-INS-11). */
  readonly channelReading: ChannelReading | null;

  constructor(
    private readonly config: MonitorConfig,
    private readonly log: MonitorLog,
    options: EventsMonitorOptions = {},
  ) {
    const { sink, platform } = options;
    if (config.channel !== null && platform === undefined) throw new Error('EventsMonitor: reading a channel needs a platform (selectPlatform)');
    // The sink first: its folder check is cheap and a refusal must not leave the store locked.
    this.sinkDir = config.outDir;
    this.sink =
      sink ??
      new NdjsonFileSink({ dir: config.outDir, maxFileBytes: config.sinkMaxFileBytes, render: renderDeliveryJson, owner: path.resolve(config.stateFile) });
    fs.mkdirSync(path.dirname(config.stateFile), { recursive: true });
    // BUG-14: naming the channel lets the store report checkpoint rows that belong to no source we read.
    this.store = openMonitorStore(config.stateFile, { logger: log, canonicalSources: config.channel === null ? undefined : [config.channel] });
    this.reportStoreOpening();
    this.agentId = loadOrCreateAgentId(config.home);
    this.lag = new DeliveryLag(this.store.stats(), Date.now());
    this.totals = LifetimeTotals.load(this.store, log);
    this.resumedFrom = latestCheckpoint(this.store.listCheckpoints());
    this.channelReading =
      config.channel === null || platform === undefined
        ? null
        : new ChannelReading(platform, this.store, this.counters, log, { channel: config.channel, mode: config.acceptance, batchSize: config.batchSize });
  }

  /** The handlers of MonitorCoordination, or null when no live channel is read. */
  get coordinator(): ChannelReading['coordinator'] | null {
    return this.channelReading?.coordinator ?? null;
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
    const reading = this.channelReading;
    // A live channel's records are stamped with the host the platform names; recordings carry their own Computer.
    const hostName = reading ? await reading.platform.os.hostName() : undefined;
    const collector = !reading
      ? Collector.COLLECTOR_RECORDING
      : config.acceptance === 'managed'
        ? Collector.COLLECTOR_MANAGED_SYSMON
        : Collector.COLLECTOR_SELF_MANAGED_SYSMON;
    const encode = createRecordEncoder({ agentId: this.agentId, eventIds: config.eventIds, hostName, collector });
    const encodeGap = createGapEncoder({ agentId: this.agentId, hostName: hostName ?? '', collector, now: Date.now });
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
    const source = reading ? this.channelSource(reading) : this.recordingSource(options);

    let inputDone = false;
    const ingest = runIngest(
      {
        source,
        store: this.store,
        encode,
        encodeGap,
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

  /** Says so before reading when a channel read before has lost its checkpoint (BUG-14). */
  private channelSource(reading: ChannelReading): EventSource {
    const channel = reading.source.channel;
    const warning = missingCheckpointWarning(channel, this.store.getCheckpoint(channel), this.store.openReport);
    if (warning !== null) {
      this.log.warn({ channel }, warning);
      this.counters.notices.push(warning);
    }
    return reading.source;
  }

  private recordingSource(options: MonitorRunOptions): EventSource {
    const { config, counters, log } = this;
    return new RecordingSource({
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
      eventsOutsideManaged: this.counters.outsideManaged,
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
      this.channelReading?.close();
      this.store.close();
    }
  }
}

function latestCheckpoint(checkpoints: Checkpoint[]): MonitorCounters['lastCheckpoint'] {
  let latest: Checkpoint | undefined;
  for (const c of checkpoints) if (latest === undefined || c.updatedAtMs > latest.updatedAtMs) latest = c;
  return latest ? { source: latest.source, recordId: latest.recordId, atMs: latest.updatedAtMs } : null;
}
