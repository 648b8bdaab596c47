/**
 * The wire layout of sysward.events.v1.Event and the messages inside it, for the direct
 * encoder (encode-event.ts): each field's name in the generated classes, its number
 * and how it is written, in the order the generated encode() writes them. It restates
 * proto/sysward/events/v1/events.proto; test/wire-encoder.test.ts fails when the two
 * disagree (a field added to the proto and not here, or written differently).
 */

export const STRING = 0;
export const UINT32 = 1;
export const INT32 = 2; // enums
export const BOOL = 3;
export const UINT64 = 4;
export const INT64 = 5;
export const BYTES = 6;
export const MESSAGE = 7;
export const MAP_STRING_STRING = 8;
export const REPEATED_STRING = 9;
export const REPEATED_MESSAGE = 10;

export type WireKind =
  | typeof STRING
  | typeof UINT32
  | typeof INT32
  | typeof BOOL
  | typeof UINT64
  | typeof INT64
  | typeof BYTES
  | typeof MESSAGE
  | typeof MAP_STRING_STRING
  | typeof REPEATED_STRING
  | typeof REPEATED_MESSAGE;

export interface WireField {
  /** The property of the generated class (lowerCamelCase). */
  readonly name: string;
  readonly number: number;
  /** The field key as written: number << 3 | wire type. */
  readonly tag: number;
  readonly kind: WireKind;
  /** For MESSAGE and REPEATED_MESSAGE. */
  readonly message?: WireMessage;
}

export interface WireMessage {
  /** The message's name in sysward.events.v1. */
  readonly name: string;
  readonly fields: readonly WireField[];
}

type Row = readonly [name: string, number: number, kind: WireKind, message?: WireMessage];

function message(name: string, rows: readonly Row[]): WireMessage {
  const fields = rows.map(([fieldName, number, kind, nested]): WireField => {
    const varint = kind === UINT32 || kind === INT32 || kind === BOOL || kind === UINT64 || kind === INT64;
    return { name: fieldName, number, tag: (number << 3) | (varint ? 0 : 2), kind, message: nested };
  });
  return { name, fields };
}

export const FIELD_PARSE_ERROR = message('FieldParseError', [
  ['field', 1, STRING],
  ['rawValue', 2, STRING],
  ['reason', 3, STRING],
]);

const PROCESS_CREATE = message('ProcessCreate', [
  ['ruleName', 1, STRING],
  ['utcTimeUnixNanos', 2, INT64],
  ['processGuid', 3, STRING],
  ['processId', 4, UINT32],
  ['image', 5, STRING],
  ['fileVersion', 6, STRING],
  ['description', 7, STRING],
  ['product', 8, STRING],
  ['company', 9, STRING],
  ['originalFileName', 10, STRING],
  ['commandLine', 11, STRING],
  ['currentDirectory', 12, STRING],
  ['user', 13, STRING],
  ['logonGuid', 14, STRING],
  ['logonId', 15, UINT64],
  ['terminalSessionId', 16, UINT32],
  ['integrityLevel', 17, STRING],
  ['hashes', 18, MAP_STRING_STRING],
  ['parentProcessGuid', 19, STRING],
  ['parentProcessId', 20, UINT32],
  ['parentImage', 21, STRING],
  ['parentCommandLine', 22, STRING],
  ['parentUser', 23, STRING],
  ['sequenceNumber', 24, UINT64],
]);

const NETWORK_CONNECT = message('NetworkConnect', [
  ['ruleName', 1, STRING],
  ['utcTimeUnixNanos', 2, INT64],
  ['processGuid', 3, STRING],
  ['processId', 4, UINT32],
  ['image', 5, STRING],
  ['user', 6, STRING],
  ['protocol', 7, STRING],
  ['initiated', 8, BOOL],
  ['sourceIsIpv6', 9, BOOL],
  ['sourceIp', 10, STRING],
  ['sourceIpBytes', 11, BYTES],
  ['sourceHostname', 12, STRING],
  ['sourcePort', 13, UINT32],
  ['sourcePortName', 14, STRING],
  ['destinationIsIpv6', 15, BOOL],
  ['destinationIp', 16, STRING],
  ['destinationIpBytes', 17, BYTES],
  ['destinationHostname', 18, STRING],
  ['destinationPort', 19, UINT32],
  ['destinationPortName', 20, STRING],
  ['sequenceNumber', 21, UINT64],
]);

const SYSMON_SERVICE_STATE_CHANGED = message('SysmonServiceStateChanged', [
  ['utcTimeUnixNanos', 1, INT64],
  ['state', 2, STRING],
  ['version', 3, STRING],
  ['schemaVersion', 4, STRING],
  ['sequenceNumber', 5, UINT64],
]);

const CREATE_REMOTE_THREAD = message('CreateRemoteThread', [
  ['ruleName', 1, STRING],
  ['utcTimeUnixNanos', 2, INT64],
  ['sourceProcessGuid', 3, STRING],
  ['sourceProcessId', 4, UINT32],
  ['sourceImage', 5, STRING],
  ['targetProcessGuid', 6, STRING],
  ['targetProcessId', 7, UINT32],
  ['targetImage', 8, STRING],
  ['newThreadId', 9, UINT32],
  ['startAddress', 10, UINT64],
  ['startModule', 11, STRING],
  ['startFunction', 12, STRING],
  ['sourceUser', 13, STRING],
  ['targetUser', 14, STRING],
  ['sequenceNumber', 15, UINT64],
]);

const PROCESS_ACCESS = message('ProcessAccess', [
  ['ruleName', 1, STRING],
  ['utcTimeUnixNanos', 2, INT64],
  ['sourceProcessGuid', 3, STRING],
  ['sourceProcessId', 4, UINT32],
  ['sourceThreadId', 5, UINT32],
  ['sourceImage', 6, STRING],
  ['targetProcessGuid', 7, STRING],
  ['targetProcessId', 8, UINT32],
  ['targetImage', 9, STRING],
  ['grantedAccess', 10, UINT32],
  ['callTrace', 11, STRING],
  ['sourceUser', 12, STRING],
  ['targetUser', 13, STRING],
]);

const REGISTRY_DETAILS = message('RegistryDetails', [
  ['text', 1, STRING],
  ['dword', 2, UINT32],
  ['qword', 3, UINT64],
  ['binaryData', 4, BOOL],
  ['empty', 5, BOOL],
]);

const REGISTRY_VALUE_SET = message('RegistryValueSet', [
  ['ruleName', 1, STRING],
  ['eventType', 2, STRING],
  ['utcTimeUnixNanos', 3, INT64],
  ['processGuid', 4, STRING],
  ['processId', 5, UINT32],
  ['image', 6, STRING],
  ['targetObject', 7, STRING],
  ['details', 8, MESSAGE, REGISTRY_DETAILS],
  ['user', 9, STRING],
]);

const SYSMON_CONFIGURATION_CHANGED = message('SysmonConfigurationChanged', [
  ['utcTimeUnixNanos', 1, INT64],
  ['configuration', 2, STRING],
  ['configurationFileHash', 3, STRING],
]);

const PROCESS_TAMPERING = message('ProcessTampering', [
  ['ruleName', 1, STRING],
  ['utcTimeUnixNanos', 2, INT64],
  ['processGuid', 3, STRING],
  ['processId', 4, UINT32],
  ['image', 5, STRING],
  ['type', 6, STRING],
  ['user', 7, STRING],
]);

const SYSMON_ERROR = message('SysmonError', [
  ['utcTimeUnixNanos', 1, INT64],
  ['id', 2, STRING],
  ['description', 3, STRING],
]);

export const EVENT = message('Event', [
  ['agentId', 1, STRING],
  ['hostName', 2, STRING],
  ['channel', 3, STRING],
  ['eventId', 4, UINT32],
  ['eventVersion', 5, UINT32],
  ['recordId', 6, UINT64],
  ['timeCreated', 7, STRING],
  ['timeCreatedUnixNanos', 8, INT64],
  ['timeCreatedSuspect', 9, BOOL],
  ['processId', 10, UINT32],
  ['threadId', 11, UINT32],
  ['userSid', 12, STRING],
  ['collector', 13, INT32],
  ['logInstanceId', 14, STRING],
  ['idempotencyKey', 15, STRING],
  ['providerName', 16, STRING],
  ['providerGuid', 17, STRING],
  ['level', 18, UINT32],
  ['task', 19, UINT32],
  ['opcode', 20, UINT32],
  ['keywords', 21, STRING],
  ['recovered', 22, BOOL],
  ['partialRender', 23, BOOL],
  ['renderErrors', 24, REPEATED_STRING],
  ['extraFields', 30, MAP_STRING_STRING],
  ['parseErrors', 31, REPEATED_MESSAGE, FIELD_PARSE_ERROR],
  ['fieldShiftSuspected', 32, BOOL],
  ['processCreate', 101, MESSAGE, PROCESS_CREATE],
  ['networkConnect', 103, MESSAGE, NETWORK_CONNECT],
  ['sysmonServiceStateChanged', 104, MESSAGE, SYSMON_SERVICE_STATE_CHANGED],
  ['createRemoteThread', 108, MESSAGE, CREATE_REMOTE_THREAD],
  ['processAccess', 110, MESSAGE, PROCESS_ACCESS],
  ['registryValueSet', 113, MESSAGE, REGISTRY_VALUE_SET],
  ['sysmonConfigurationChanged', 116, MESSAGE, SYSMON_CONFIGURATION_CHANGED],
  ['processTampering', 125, MESSAGE, PROCESS_TAMPERING],
  ['sysmonError', 355, MESSAGE, SYSMON_ERROR],
]);

/** DeliveryRecord.event is field 1, length-delimited. */
export const DELIVERY_RECORD_EVENT_TAG = (1 << 3) | 2;
