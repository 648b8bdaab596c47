import {
  Collector,
  decodeDeliveryRecord,
  deliveryRecordToJsonLine,
  encodeNormalisedEvent,
  idempotencyKey,
  normalise,
} from '@sysward/event-schema';
import type { RecordEncoder } from './ingest';

export interface RecordEncoderOptions {
  agentId: string;
  eventIds: number[];
  /** Recordings carry the host in each record's Computer; a live channel passes the agent's host name. */
  hostName?: string;
  collector?: Collector;
}

/**
 * Normalises a record and encodes it as the DeliveryRecord the outbox keeps.
 * Health events (Sysmon 4, 16, 255) and ids outside the forwarded set are
 * counted by the caller, never forwarded (R-EV-1, R-INS-11).
 */
export function createRecordEncoder(options: RecordEncoderOptions): RecordEncoder {
  const forwardedEventIds = new Set(options.eventIds);
  const collector = options.collector ?? Collector.COLLECTOR_RECORDING;
  return (record, batch) => {
    const result = normalise(record, {
      agentId: options.agentId,
      hostName: options.hostName,
      collector,
      logInstanceId: batch.logInstanceId,
      forwardedEventIds,
    });
    if (result.kind === 'skipped') return { kind: 'skipped', eventId: result.eventId, otherSource: result.reason !== 'event-id-not-forwarded' };
    if (result.kind === 'health') return { kind: 'health', eventId: result.eventId };
    const key =
      result.event.idempotencyKey ||
      idempotencyKey({ agentId: options.agentId, channel: record.channel, logInstanceId: batch.logInstanceId, recordId: record.recordId });
    return { kind: 'item', item: { key, payload: encodeNormalisedEvent(result.event) } };
  };
}

/** The NDJSON sink's line for one outbox payload: the protobuf JSON mapping of the DeliveryRecord. */
export function renderDeliveryJson(payload: Uint8Array): string {
  return deliveryRecordToJsonLine(decodeDeliveryRecord(payload));
}
