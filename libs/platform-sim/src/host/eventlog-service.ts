/**
 * The Event Log service's own behaviour on top of the channel rows: writing
 * records, and clearing a log, which leaves a trace (1102 in Security when
 * Security is cleared, 104 in System for any other log) so that a clear is
 * never silent (BUG-15).
 */
import { canonicalWindowsPath } from '@sysward/platform';
import type { ChannelTables, ClearNumbering } from './channel-tables';
import type { EventSpec } from './event-xml';
import type { FileTables } from './file-tables';
import { auditLogCleared1102, logCleared104 } from './system-events';

export interface ClearOptions {
  backupPath?: string;
  /** BUG-15 (a) asks for both; Windows restarts at 1. */
  numbering?: ClearNumbering;
}

export class EventLogService {
  constructor(
    private readonly channels: ChannelTables,
    private readonly files: FileTables,
    private readonly now: () => number,
  ) {}

  /** Writes when the channel is registered; a channel without a publisher silently drops, as Windows does. */
  write(channel: string, spec: EventSpec, timeMs: number = this.now()): number | null {
    const row = this.channels.get(channel);
    if (!row || !row.registered) return null;
    return this.channels.append(channel, spec, timeMs);
  }

  clear(channel: string, options: ClearOptions = {}): void {
    const row = this.channels.require(channel);
    if (options.backupPath) {
      const dump = this.channels.allRecords(row.name_key).map((r) => r.xml).join('\r\n');
      this.files.write(canonicalWindowsPath(options.backupPath), Buffer.from(dump, 'utf8'));
    }
    this.channels.clear(channel, options.numbering ?? 'restart');
    if (row.name_key === 'security') this.write('Security', auditLogCleared1102());
    else this.write('System', logCleared104(row.name, options.backupPath ?? ''));
  }
}
