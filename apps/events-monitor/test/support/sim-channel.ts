/**
 * A simulated host with a managed-looking Sysmon installed, and an in-process
 * monitor pipeline (ChannelSource -> runIngest -> store) over its channel, for
 * tests that drive BUG-15 and R-MON-3 through the real sim (libs/platform-sim).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BackoffPolicy } from '@sysward/agent-runtime';
import { Collector, decodeDeliveryRecord, type DeliveryRecord } from '@sysward/event-schema';
import { SYSMON_OPERATIONAL_CHANNEL, SYSMON_PUBLISHER_GUID, SysmonCli, type ChannelRecord } from '@sysward/platform';
import { makeSysmonBinary, SimHost, type EventSpec } from '@sysward/platform-sim';
import { MemoryMonitorStore } from '@sysward/state-store/testing';
import { AcceptanceGate } from '../../src/acceptance/acceptance-gate';
import type { AcceptanceMode } from '../../src/acceptance/managed-acceptance';
import { channelObserver } from '../../src/channel/channel-reading';
import { MonitorCoordinator, type CoordinationLimits } from '../../src/channel/coordination';
import { MonitorCounters } from '../../src/counters';
import { createGapEncoder } from '../../src/gap-encoder';
import { runIngest } from '../../src/ingest';
import type { MonitorLog } from '../../src/monitor';
import { createRecordEncoder } from '../../src/record-encoder';
import { ChannelSource } from '../../src/sources/channel-source';

export const CHANNEL = SYSMON_OPERATIONAL_CHANNEL;
export const FAST_RETRY: BackoffPolicy = { initialDelayMs: 10, maxDelayMs: 40, multiplier: 2, jitter: 0 };

export interface SimSysmon {
  home: string;
  host: SimHost;
  dispose(): void;
}

/** A new host with Sysmon 15.15 installed and running (its event 4 and 16 written), unless told not to install it. */
export async function simWithSysmon(options: { install?: boolean } = {}): Promise<SimSysmon> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'monitor-sim-'));
  const host = SimHost.create(home);
  if (options.install !== false) await installSysmon(host);
  return {
    home,
    host,
    dispose() {
      host.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Installs Sysmon as the installer would (the channel appears with it) and lets it write its 4 and 16. */
export async function installSysmon(host: SimHost): Promise<void> {
  host.parts.store.write(() => {
    host.parts.files.write('C:\\Staging\\Sysmon64.exe', makeSysmonBinary('15.15'));
    host.parts.files.write('C:\\Staging\\sysmon.xml', Buffer.from('<Sysmon schemaversion="4.90"/>'));
  });
  await new SysmonCli(host.ports.sysmon).install('C:\\Staging\\Sysmon64.exe', 'C:\\Staging\\sysmon.xml');
  host.pumpAll();
}

/** `count` process-start activities, written into the channel by the host's Sysmon. */
export function recordProcessStarts(host: SimHost, count: number, tag = 'run'): void {
  host.recordActivities(Array.from({ length: count }, (_, i) => ({ kind: 'process-start' as const, fields: { CommandLine: `${tag} ${i}` } })));
  host.pumpAll();
}

/** A Sysmon event 1 as another (or an earlier) Sysmon would write it, straight into the channel. */
export function sysmonSpec(n: number): EventSpec {
  return {
    provider: { name: 'Microsoft-Windows-Sysmon', guid: SYSMON_PUBLISHER_GUID },
    eventId: 1,
    version: 5,
    level: 4,
    task: 1,
    opcode: 0,
    keywords: '0x8000000000000000',
    processId: 3000,
    threadId: 3001,
    userSid: 'S-1-5-18',
    payload: {
      kind: 'EventData',
      items: [
        ['RuleName', '-'],
        ['UtcTime', '2024-01-05 10:22:31.123'],
        ['ProcessGuid', '{11111111-2222-3333-4444-555555555555}'],
        ['ProcessId', String(1000 + (n % 60000))],
        ['Image', 'C:\\Windows\\System32\\cmd.exe'],
        ['CommandLine', `filler ${n}`],
      ],
    },
  };
}

/** Appends `count` Sysmon records in one transaction (thousands in well under a second). */
export function fillChannel(host: SimHost, count: number): void {
  const { store, channels } = host.parts;
  store.write(() => {
    for (let i = 0; i < count; i++) channels.append(CHANNEL, sysmonSpec(i), host.clock.now());
  });
}

/** Shrinks the channel so that `oldest` becomes its oldest record (a wrap, BUG-15 b). */
export function wrapTo(host: SimHost, oldest: number): void {
  const { db } = host.parts.store;
  const row = db.prepare('SELECT name_key AS key, size_bytes AS size FROM channels WHERE name_key = ?').get(CHANNEL.toLowerCase()) as { key: string; size: number };
  const before = (db.prepare('SELECT coalesce(sum(size_bytes), 0) AS n FROM channel_records WHERE channel_key = ? AND record_id < ?').get(row.key, oldest) as { n: number }).n;
  host.setChannelMaxSize(CHANNEL, row.size - before);
}

export async function channelRecords(host: SimHost): Promise<ChannelRecord[]> {
  const sub = await host.ports.channels.subscribe(CHANNEL, { kind: 'oldest' });
  try {
    return await sub.next({ max: 10_000 });
  } finally {
    await sub.close();
  }
}

export const quietLog = (): MonitorLog & { lines: { level: string; msg: string; obj: object }[] } => {
  const lines: { level: string; msg: string; obj: object }[] = [];
  return {
    lines,
    info: (obj, msg) => lines.push({ level: 'info', msg, obj }),
    warn: (obj, msg) => lines.push({ level: 'warn', msg, obj }),
    error: (obj, msg) => lines.push({ level: 'error', msg, obj }),
  };
};

export interface PipelineOptions {
  mode?: AcceptanceMode;
  batchSize?: number;
  limits?: CoordinationLimits;
}

/** One "process" of the monitor over the sim's channel; a restart is a new Pipeline on the same store. */
export class Pipeline {
  readonly counters = new MonitorCounters();
  readonly log = quietLog();
  readonly gate: AcceptanceGate;
  readonly source: ChannelSource;
  readonly coordinator: MonitorCoordinator;
  private readonly stop = new AbortController();
  private running: Promise<void> | null = null;

  constructor(
    readonly host: SimHost,
    readonly store: MemoryMonitorStore,
    options: PipelineOptions = {},
  ) {
    this.gate = new AcceptanceGate(options.mode ?? 'self-managed', store);
    this.source = new ChannelSource({
      channels: host.ports.channels,
      channel: CHANNEL,
      batchSize: options.batchSize ?? 50,
      pollMs: 50,
      checkpointOf: (key) => store.getCheckpoint(key),
      gate: this.gate,
      retry: FAST_RETRY,
      random: () => 0,
      observer: channelObserver(CHANNEL, this.counters, this.log),
    });
    this.coordinator = new MonitorCoordinator(
      this.source,
      this.gate,
      host.ports.channels,
      this.log,
      options.limits ?? { prepareTimeoutMs: 3_000, doneTimeoutMs: 3_000, pauseLimitMs: 60_000 },
    );
  }

  start(onCommitted: () => void = () => undefined): this {
    const agentId = '00000000-0000-4000-8000-000000000001';
    this.running = runIngest(
      {
        source: this.source,
        store: this.store,
        encode: createRecordEncoder({ agentId, eventIds: [1, 3, 8, 10, 13, 25], hostName: 'SIMHOST' }),
        encodeGap: createGapEncoder({ agentId, hostName: 'SIMHOST', collector: Collector.COLLECTOR_MANAGED_SYSMON, now: Date.now }),
        counters: this.counters,
        outboxCapBytes: 1 << 30,
        now: Date.now,
        onCommitted,
        onRecordError: () => undefined,
      },
      this.stop.signal,
    );
    return this;
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.running;
    this.coordinator.close();
  }
}

export interface OutboxView {
  events: { logInstanceId: string; recordId: number; eventId: number }[];
  gaps: { cause: number; logInstanceId: string; first: number | null; last: number | null; detail: string }[];
  /** Kinds in outbox order: 'e' event, 'g' gap. */
  order: string;
}

export function outbox(store: MemoryMonitorStore): OutboxView {
  const view: OutboxView = { events: [], gaps: [], order: '' };
  for (const item of store.readOutbox(0, 1_000_000)) {
    const record: DeliveryRecord = decodeDeliveryRecord(item.payload);
    if (record.event) {
      view.events.push({ logInstanceId: record.event.logInstanceId, recordId: toNumber(record.event.recordId), eventId: record.event.eventId });
      view.order += 'e';
    } else if (record.gap) {
      const g = record.gap;
      view.gaps.push({
        cause: g.cause,
        logInstanceId: g.logInstanceId,
        first: g.firstRecordId == null ? null : toNumber(g.firstRecordId),
        last: g.lastRecordId == null ? null : toNumber(g.lastRecordId),
        detail: g.detail,
      });
      view.order += 'g';
    }
  }
  return view;
}

function toNumber(value: number | { toNumber(): number }): number {
  return typeof value === 'number' ? value : value.toNumber();
}

export async function eventually(check: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
