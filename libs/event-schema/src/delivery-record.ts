/**
 * The outbox/sink unit: DeliveryRecord { event | gap }, its binary form (what the
 * outbox stores and the gRPC sink sends) and its protobuf JSON form (what the NDJSON
 * sink writes, one per line).
 */
import { DeliveryRecord, Event, IDeliveryRecord } from './proto';
import { encodeEventRecordBytes } from './wire/encode-event';

export class DeliveryRecordError extends Error {
  override readonly name = 'DeliveryRecordError';
}

/**
 * The protobuf JSON mapping: lowerCamelCase names, enums by name, 64-bit integers as
 * decimal strings, bytes as base64, unset and default fields left out.
 */
const JSON_MAPPING = Object.freeze({ longs: String, enums: String, bytes: String, json: true });

export type DeliveryRecordJson = { readonly [field: string]: unknown };

export function encodeDeliveryRecord(rec: IDeliveryRecord): Uint8Array {
  checkOneKind(rec, 'encode');
  const problem = DeliveryRecord.verify(rec);
  if (problem) throw new DeliveryRecordError(`cannot encode delivery record: ${problem}`);
  return DeliveryRecord.encode(rec).finish();
}

/**
 * encodeDeliveryRecord({ event }) for an event that normalise() built: the same bytes,
 * without verify() (the normaliser only sets fields of the right types) and through
 * the direct writer in src/wire. Use encodeDeliveryRecord for anything else.
 */
export function encodeNormalisedEvent(event: Event): Uint8Array {
  return encodeEventRecordBytes(event);
}

export function decodeDeliveryRecord(bytes: Uint8Array): DeliveryRecord {
  let decoded: DeliveryRecord;
  try {
    decoded = DeliveryRecord.decode(bytes);
  } catch (err) {
    throw new DeliveryRecordError(`cannot decode delivery record (${bytes.length} bytes): ${(err as Error).message}`);
  }
  checkOneKind(decoded, 'decode');
  return decoded;
}

export function deliveryRecordToJson(rec: IDeliveryRecord): DeliveryRecordJson {
  checkOneKind(rec, 'convert');
  return DeliveryRecord.toObject(rec instanceof DeliveryRecord ? rec : DeliveryRecord.create(rec), JSON_MAPPING);
}

/** One NDJSON line (without the newline). JSON.stringify escapes every newline inside values. */
export function deliveryRecordToJsonLine(rec: IDeliveryRecord): string {
  return JSON.stringify(deliveryRecordToJson(rec));
}

export function deliveryRecordFromJson(json: unknown): DeliveryRecord {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DeliveryRecordError('cannot read delivery record JSON: expected an object');
  }
  let rec: DeliveryRecord;
  try {
    rec = DeliveryRecord.fromObject(json as Record<string, unknown>);
  } catch (err) {
    throw new DeliveryRecordError(`cannot read delivery record JSON: ${(err as Error).message}`);
  }
  checkOneKind(rec, 'read');
  return rec;
}

function checkOneKind(rec: IDeliveryRecord, action: string): void {
  const hasEvent = rec.event != null;
  const hasGap = rec.gap != null;
  if (hasEvent === hasGap) {
    throw new DeliveryRecordError(
      `cannot ${action} delivery record: it must hold exactly one of event or gap (has ${hasEvent ? 'both' : 'neither'})`,
    );
  }
}
