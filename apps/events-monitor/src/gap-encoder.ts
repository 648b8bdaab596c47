import { Collector, encodeDeliveryRecord, GapCause, makeGap } from '@sysward/event-schema';
import type { OutboxItem } from '@sysward/state-store';
import type { SourceGap } from './sources/event-source';

export interface GapEncoderOptions {
  agentId: string;
  hostName: string;
  collector: Collector;
  now: () => number;
}

export type GapEncoder = (gap: SourceGap) => OutboxItem;

const CAUSES: Readonly<Record<SourceGap['cause'], GapCause>> = {
  WRAP: GapCause.GAP_CAUSE_WRAP,
  CLEAR: GapCause.GAP_CAUSE_CLEAR,
};

/**
 * A gap goes out as a DeliveryRecord through the same outbox and sink as events
 * (R-MON-2). Its key depends on the range, not on when it was found, so the same
 * loss found again after a crash is one record for the platform.
 */
export function createGapEncoder(options: GapEncoderOptions): GapEncoder {
  return (gap) => {
    const record = makeGap({
      agentId: options.agentId,
      hostName: options.hostName,
      channel: gap.channel,
      logInstanceId: gap.logInstanceId,
      cause: CAUSES[gap.cause],
      firstRecordId: gap.firstRecordId,
      lastRecordId: gap.lastRecordId,
      lostCount: gap.lastRecordId === null ? null : gap.lastRecordId - gap.firstRecordId + 1,
      detail: gap.detail,
      detectedAt: new Date(options.now()),
      collector: options.collector,
    });
    return { key: record.idempotencyKey, payload: encodeDeliveryRecord({ gap: record }) };
  };
}
