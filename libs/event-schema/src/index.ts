/**
 * @sysward/event-schema: the shared protobuf schema (proto/sysward/events/v1) and the
 * Sysmon normaliser. See README.md for the field mapping rules and key formats.
 */
export * from './proto';
export type { Long } from './long-values';
export { uint64, int64, longToBigInt } from './long-values';

export { normalise, NormaliseError } from './normalise';
export type { NormaliseContext, NormaliseResult, SkipReason } from './normalise';
export {
  SYSMON_CHANNEL,
  SYSMON_PROVIDER_NAME,
  SYSMON_PROVIDER_GUID,
  DEFAULT_FORWARDED_EVENT_IDS,
  SYSMON_HEALTH_EVENT_IDS,
  isSysmonHealthEventId,
  classifySource,
} from './sysmon-source';
export type { SysmonHealthEventId, SourceVerdict } from './sysmon-source';
export { SYSMON_PAYLOADS } from './sysmon-payloads';
export type { PayloadSpec, FieldSpec, PayloadName } from './sysmon-payloads';
export { detectFieldShift } from './field-shift';

export { parseEventXml, DEFAULT_MAX_DOCUMENT_CHARS, DEFAULT_MAX_FIELD_CHARS, DEFAULT_MAX_DEPTH } from './event-xml/parse-event-xml';
export type { ParseEventXmlOptions } from './event-xml/parse-event-xml';
export { EventXmlError } from './event-xml/event-xml-error';

export { idempotencyKey, gapIdempotencyKey } from './idempotency-key';
export type { EventKeyParts, GapKeyParts } from './idempotency-key';
export { makeGap } from './gap';
export type { GapInput, Instant } from './gap';
export {
  encodeDeliveryRecord,
  encodeNormalisedEvent,
  decodeDeliveryRecord,
  deliveryRecordToJson,
  deliveryRecordToJsonLine,
  deliveryRecordFromJson,
  DeliveryRecordError,
} from './delivery-record';
export type { DeliveryRecordJson } from './delivery-record';

export { parseHashes } from './parse/hashes';
export type { ParsedHashes } from './parse/hashes';
export { parseIpAddress } from './parse/ip-address';
export type { IpAddress } from './parse/ip-address';
export { parsePort } from './parse/port';
export { parseBoolean } from './parse/boolean';
export { parseDecimalUInt32, parseDecimalUInt64, parseHexUInt32, parseHexUInt64 } from './parse/integers';
export { parseRegistryDetails } from './parse/registry-details';
export type { RegistryDetailsValue } from './parse/registry-details';
export { parseUtcDateTime, formatSystemTime, canonicalSystemTime } from './parse/date-time';
export { parseGuid, normaliseGuid } from './parse/guid';
export type { ParseOutcome } from './parse/parse-outcome';
