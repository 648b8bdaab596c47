import {
  PlatformError,
  formatBookmark,
  parseBookmark,
  type ChannelInfo,
  type ChannelRecord,
  type ChannelSubscription,
  type EventChannelPort,
  type ReadOptions,
  type SubscribeFrom,
} from '@sysward/platform';
import type { SimStore } from '../db/sim-store';
import type { ChannelTables, StoredRecord } from './channel-tables';
import type { EventLogService } from './eventlog-service';

/** EventChannelPort over the shared host file: any process's appends wake this process's readers. */
export class SimEventChannels implements EventChannelPort {
  constructor(
    private readonly store: SimStore,
    private readonly channels: ChannelTables,
    private readonly eventLog: EventLogService,
  ) {}

  async list(): Promise<string[]> {
    return this.reading(() => this.channels.listRegistered());
  }

  async info(channel: string): Promise<ChannelInfo> {
    return this.reading(() => this.channels.info(this.channels.require(channel)));
  }

  async subscribe(channel: string, from: SubscribeFrom): Promise<ChannelSubscription> {
    this.store.takeFault('channel.subscribe');
    const start = this.reading(() => {
      const row = this.channels.require(channel);
      return { name: row.name, key: row.name_key, identity: row.log_identity, position: this.startPosition(row.name, row.name_key, from) };
    });
    return new SimSubscription(this.store, this.channels, start.name, start.key, start.identity, start.position);
  }

  async setMaxSize(channel: string, bytes: number): Promise<number> {
    return this.store.write(() => {
      this.store.requirePower();
      return this.channels.setMaxSize(channel, bytes);
    });
  }

  async clear(channel: string, options: { backupPath?: string } = {}): Promise<void> {
    this.store.takeFault('channel.clear');
    this.store.write(() => {
      this.store.requirePower();
      this.eventLog.clear(channel, { backupPath: options.backupPath });
    });
  }

  private startPosition(name: string, key: string, from: SubscribeFrom): number {
    const info = this.channels.info(this.channels.require(name));
    switch (from.kind) {
      case 'oldest':
        return 0;
      case 'future':
        return this.channels.get(name)!.next_record_id - 1;
      case 'bookmark': {
        const mark = parseBookmark(from.bookmark);
        if (mark.channel.toLowerCase() !== key) {
          throw new PlatformError('INVALID_ARGUMENT', `the bookmark is for channel ${JSON.stringify(mark.channel)}, not ${JSON.stringify(name)}`);
        }
        if (this.channels.hasRecord(key, mark.recordId)) return mark.recordId;
        if (from.strict) throw notFound(name, mark.recordId, info);
        return 0;
      }
      case 'after-record': {
        if (!Number.isSafeInteger(from.recordId) || from.recordId < 0) throw new PlatformError('INVALID_ARGUMENT', `record id must be a non-negative integer, got ${from.recordId}`);
        if (from.logIdentity !== undefined && from.logIdentity !== info.logIdentity) {
          throw new PlatformError('BOOKMARK_NOT_FOUND', `${name} is now log ${info.logIdentity}, not ${from.logIdentity} (cleared since)`);
        }
        const next = this.channels.get(name)!.next_record_id;
        const low = info.oldestRecordId === null ? next - 1 : info.oldestRecordId - 1;
        const high = next - 1;
        if (from.recordId < low || from.recordId > high) throw notFound(name, from.recordId, info);
        return from.recordId;
      }
    }
  }

  private reading<T>(fn: () => T): T {
    return this.store.read(() => {
      this.store.requirePower();
      return fn();
    });
  }
}

function notFound(channel: string, recordId: number, info: ChannelInfo): PlatformError {
  const range = info.oldestRecordId === null ? 'it is empty' : `it holds ${info.oldestRecordId}..${info.newestRecordId}`;
  return new PlatformError('BOOKMARK_NOT_FOUND', `record ${recordId} is no longer in ${channel} (${range}, log ${info.logIdentity})`, { errno: 1168 });
}

const MAX_BATCH = 10_000;

class SimSubscription implements ChannelSubscription {
  private closed = false;

  constructor(
    private readonly store: SimStore,
    private readonly channels: ChannelTables,
    readonly channel: string,
    private readonly key: string,
    readonly logIdentity: string,
    private position: number,
  ) {}

  async next(options: ReadOptions): Promise<ChannelRecord[]> {
    if (this.closed) throw new PlatformError('INVALID_STATE', 'the subscription is closed');
    if (!Number.isInteger(options.max) || options.max < 1 || options.max > MAX_BATCH) {
      throw new PlatformError('INVALID_ARGUMENT', `max must be an integer in 1..${MAX_BATCH}, got ${options.max}`);
    }
    this.store.takeFault('channel.read');
    const deadline = Date.now() + (options.timeoutMs ?? 0);
    for (;;) {
      const token = this.store.changes.token();
      const rows = this.store.read(() => {
        this.store.requirePower();
        const row = this.channels.get(this.channel);
        if (!row) throw new PlatformError('NOT_FOUND', `the channel ${this.channel} no longer exists`);
        if (row.log_identity !== this.logIdentity) {
          throw new PlatformError('STALE_HANDLE', `${this.channel} was cleared under this subscription (log ${this.logIdentity} is now ${row.log_identity}); subscribe again`, {
            errno: 15011,
          });
        }
        return this.channels.records(this.key, this.position, options.max);
      });
      if (rows.length > 0) {
        this.position = rows[rows.length - 1].record_id;
        return rows.map(toChannelRecord);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0 || options.signal?.aborted || this.closed) return [];
      await this.store.changes.wait(token, remaining, options.signal);
    }
  }

  bookmark(): string | null {
    return this.position > 0 ? formatBookmark({ channel: this.channel, recordId: this.position }) : null;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function toChannelRecord(r: StoredRecord): ChannelRecord {
  return { recordId: r.record_id, eventId: r.event_id, provider: r.provider, timeCreatedMs: r.time_ms, xml: r.xml };
}
