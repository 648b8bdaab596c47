/**
 * DeliveryRecord { event } bytes written directly (ProtoWriter + event-wire-schema),
 * byte for byte what DeliveryRecord.encode({ event }).finish() gives. Anything the
 * direct path does not write exactly like protobufjs (a lone surrogate, a 64-bit value
 * given as a decimal string, bytes as base64) sends the whole record to protobufjs.
 */
import { DeliveryRecord, Event } from '../proto';
import {
  BOOL,
  BYTES,
  DELIVERY_RECORD_EVENT_TAG,
  EVENT,
  INT32,
  INT64,
  MAP_STRING_STRING,
  MESSAGE,
  REPEATED_MESSAGE,
  REPEATED_STRING,
  STRING,
  UINT32,
  UINT64,
  type WireMessage,
} from './event-wire-schema';
import { ProtoWriter } from './proto-writer';

const hasOwn = Object.prototype.hasOwnProperty;
const writer = new ProtoWriter();

export function encodeEventRecordBytes(event: Event): Uint8Array {
  writer.reset();
  writer.varint32(DELIVERY_RECORD_EVENT_TAG);
  // An event is a few hundred bytes to a few KiB: a two-byte length is the usual case.
  const mark = writer.begin(2);
  writeMessage(EVENT, event as unknown as Record<string, unknown>, 0);
  writer.end(mark);
  if (writer.failed) return DeliveryRecord.encode({ event }).finish();
  return writer.finish();
}

/** protobufjs refuses to go deeper than this (util.recursionLimit). */
const MAX_DEPTH = 100;

function writeMessage(layout: WireMessage, message: Record<string, unknown>, depth: number): void {
  if (depth > MAX_DEPTH) {
    writer.failed = true;
    return;
  }
  const fields = layout.fields;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    const value = message[field.name];
    if (value == null) continue;
    switch (field.kind) {
      case REPEATED_STRING: {
        const items = value as unknown[];
        for (let j = 0; j < items.length; j++) {
          writer.varint32(field.tag);
          writer.string(items[j]);
        }
        continue;
      }
      case REPEATED_MESSAGE: {
        const items = value as Record<string, unknown>[];
        for (let j = 0; j < items.length; j++) {
          writer.varint32(field.tag);
          const mark = writer.begin(1);
          writeMessage(field.message!, items[j], depth + 1);
          writer.end(mark);
        }
        continue;
      }
    }
    // Singular fields and maps count only when set on the message itself, as protobufjs has it.
    if (!hasOwn.call(message, field.name)) continue;
    switch (field.kind) {
      case STRING:
        writer.varint32(field.tag);
        writer.string(value);
        break;
      case UINT32:
        writer.varint32(field.tag);
        writer.uint32(value as number);
        break;
      case INT32:
        writer.varint32(field.tag);
        writer.int32(value as number);
        break;
      case BOOL:
        writer.varint32(field.tag);
        writer.bool(value);
        break;
      case UINT64:
      case INT64:
        writer.varint32(field.tag);
        writer.long(value);
        break;
      case BYTES:
        writer.varint32(field.tag);
        writer.bytes(value);
        break;
      case MESSAGE: {
        writer.varint32(field.tag);
        const mark = writer.begin(2);
        writeMessage(field.message!, value as Record<string, unknown>, depth + 1);
        writer.end(mark);
        break;
      }
      case MAP_STRING_STRING: {
        const map = value as Record<string, unknown>;
        const keys = Object.keys(map);
        for (let j = 0; j < keys.length; j++) {
          writer.varint32(field.tag);
          const mark = writer.begin(1);
          writer.varint32(10);
          writer.string(keys[j]);
          writer.varint32(18);
          writer.string(map[keys[j]]);
          writer.end(mark);
        }
        break;
      }
    }
  }
}
