/**
 * Which EventData field of which Sysmon event goes to which typed slot, by field
 * NAME (R-EV-4): never by position and never by the event's Version, because older
 * and newer Sysmon versions write different field lists under the same Version
 * (BUG-08). The lists are the union over every Sysmon schema in
 * corpus/sysmon-schema (2.0 to 4.91, i.e. Sysmon 6 to 15 and older). Names match
 * case-insensitively (event 10 spells SourceProcessGUID, event 8 SourceProcessGuid).
 */
import { FieldKind } from './field-kinds';
import {
  CreateRemoteThread,
  Event,
  ICreateRemoteThread,
  INetworkConnect,
  IProcessAccess,
  IProcessCreate,
  IProcessTampering,
  IRegistryValueSet,
  ISysmonConfigurationChanged,
  ISysmonError,
  ISysmonServiceStateChanged,
  NetworkConnect,
  ProcessAccess,
  ProcessCreate,
  ProcessTampering,
  RegistryValueSet,
  SysmonConfigurationChanged,
  SysmonError,
  SysmonServiceStateChanged,
} from './proto';

/** The name of the Event.payload oneof member that holds a payload. */
export type PayloadName = NonNullable<Event['payload']>;

export interface FieldSpec {
  /** The EventData name as Sysmon's manifest spells it. */
  readonly name: string;
  /** Position in the payload's field list (0..31), to mark it filled in a bit set. */
  readonly index: number;
  readonly kind: FieldKind;
  /** The payload field that receives the typed value. */
  readonly slot: string;
  /** For kind 'ip': the payload field that receives the address bytes. */
  readonly bytesSlot?: string;
}

export interface PayloadSpec {
  readonly eventId: number;
  readonly payloadName: PayloadName;
  readonly fields: readonly FieldSpec[];
  /** Lower-cased EventData name to its spec. */
  readonly byLowerName: ReadonlyMap<string, FieldSpec>;
  /** The EventData name as the manifest spells it to its spec (the common, fast case). */
  readonly byName: ReadonlyMap<string, FieldSpec>;
  /** A new, empty payload message. */
  readonly create: () => Record<string, unknown>;
}

type Slot<P> = Extract<keyof P, string>;
type FieldRow<P> = readonly [name: string, kind: FieldKind, slot: Slot<P>, bytesSlot?: Slot<P>];

function payload<P>(
  eventId: number,
  payloadName: PayloadName,
  create: () => P,
  rows: readonly FieldRow<P>[],
): PayloadSpec {
  if (rows.length > 32) throw new Error(`payload spec for event ${eventId} has more than 32 fields`);
  const fields = rows.map(([name, kind, slot, bytesSlot], index): FieldSpec => ({ name, index, kind, slot, bytesSlot }));
  const byLowerName = new Map(fields.map((f) => [f.name.toLowerCase(), f] as const));
  const byName = new Map(fields.map((f) => [f.name, f] as const));
  if (byLowerName.size !== fields.length) throw new Error(`payload spec for event ${eventId} names a field twice`);
  return { eventId, payloadName, fields, byLowerName, byName, create: create as unknown as () => Record<string, unknown> };
}

const processCreate = payload<IProcessCreate>(1, 'processCreate', () => new ProcessCreate(), [
  ['RuleName', 'text', 'ruleName'],
  ['UtcTime', 'utcTime', 'utcTimeUnixNanos'],
  ['ProcessGuid', 'guid', 'processGuid'],
  ['ProcessId', 'uint32', 'processId'],
  ['Image', 'text', 'image'],
  ['FileVersion', 'text', 'fileVersion'],
  ['Description', 'text', 'description'],
  ['Product', 'text', 'product'],
  ['Company', 'text', 'company'],
  ['OriginalFileName', 'text', 'originalFileName'],
  ['CommandLine', 'text', 'commandLine'],
  ['CurrentDirectory', 'text', 'currentDirectory'],
  ['User', 'user', 'user'],
  ['LogonGuid', 'guid', 'logonGuid'],
  ['LogonId', 'hexUint64', 'logonId'],
  ['TerminalSessionId', 'uint32', 'terminalSessionId'],
  ['IntegrityLevel', 'integrityLevel', 'integrityLevel'],
  ['Hashes', 'hashes', 'hashes'],
  ['ParentProcessGuid', 'guid', 'parentProcessGuid'],
  ['ParentProcessId', 'uint32', 'parentProcessId'],
  ['ParentImage', 'text', 'parentImage'],
  ['ParentCommandLine', 'text', 'parentCommandLine'],
  ['ParentUser', 'user', 'parentUser'],
  ['SequenceNumber', 'uint64', 'sequenceNumber'],
]);

const networkConnect = payload<INetworkConnect>(3, 'networkConnect', () => new NetworkConnect(), [
  ['RuleName', 'text', 'ruleName'],
  ['UtcTime', 'utcTime', 'utcTimeUnixNanos'],
  ['ProcessGuid', 'guid', 'processGuid'],
  ['ProcessId', 'uint32', 'processId'],
  ['Image', 'text', 'image'],
  ['User', 'user', 'user'],
  ['Protocol', 'text', 'protocol'],
  ['Initiated', 'bool', 'initiated'],
  ['SourceIsIpv6', 'bool', 'sourceIsIpv6'],
  ['SourceIp', 'ip', 'sourceIp', 'sourceIpBytes'],
  ['SourceHostname', 'text', 'sourceHostname'],
  ['SourcePort', 'port', 'sourcePort'],
  ['SourcePortName', 'text', 'sourcePortName'],
  ['DestinationIsIpv6', 'bool', 'destinationIsIpv6'],
  ['DestinationIp', 'ip', 'destinationIp', 'destinationIpBytes'],
  ['DestinationHostname', 'text', 'destinationHostname'],
  ['DestinationPort', 'port', 'destinationPort'],
  ['DestinationPortName', 'text', 'destinationPortName'],
  ['SequenceNumber', 'uint64', 'sequenceNumber'],
]);

const createRemoteThread = payload<ICreateRemoteThread>(8, 'createRemoteThread', () => new CreateRemoteThread(), [
  ['RuleName', 'text', 'ruleName'],
  ['UtcTime', 'utcTime', 'utcTimeUnixNanos'],
  ['SourceProcessGuid', 'guid', 'sourceProcessGuid'],
  ['SourceProcessId', 'uint32', 'sourceProcessId'],
  ['SourceImage', 'text', 'sourceImage'],
  ['TargetProcessGuid', 'guid', 'targetProcessGuid'],
  ['TargetProcessId', 'uint32', 'targetProcessId'],
  ['TargetImage', 'text', 'targetImage'],
  ['NewThreadId', 'uint32', 'newThreadId'],
  // A string in the manifest, but Sysmon always writes it as 0x… hex.
  ['StartAddress', 'hexUint64', 'startAddress'],
  ['StartModule', 'text', 'startModule'],
  ['StartFunction', 'text', 'startFunction'],
  ['SourceUser', 'user', 'sourceUser'],
  ['TargetUser', 'user', 'targetUser'],
  ['SequenceNumber', 'uint64', 'sequenceNumber'],
]);

const processAccess = payload<IProcessAccess>(10, 'processAccess', () => new ProcessAccess(), [
  ['RuleName', 'text', 'ruleName'],
  ['UtcTime', 'utcTime', 'utcTimeUnixNanos'],
  ['SourceProcessGUID', 'guid', 'sourceProcessGuid'],
  ['SourceProcessId', 'uint32', 'sourceProcessId'],
  ['SourceThreadId', 'uint32', 'sourceThreadId'],
  ['SourceImage', 'text', 'sourceImage'],
  ['TargetProcessGUID', 'guid', 'targetProcessGuid'],
  ['TargetProcessId', 'uint32', 'targetProcessId'],
  ['TargetImage', 'text', 'targetImage'],
  ['GrantedAccess', 'hexUint32', 'grantedAccess'],
  ['CallTrace', 'text', 'callTrace'],
  ['SourceUser', 'user', 'sourceUser'],
  ['TargetUser', 'user', 'targetUser'],
]);

const registryValueSet = payload<IRegistryValueSet>(13, 'registryValueSet', () => new RegistryValueSet(), [
  ['RuleName', 'text', 'ruleName'],
  ['EventType', 'text', 'eventType'],
  ['UtcTime', 'utcTime', 'utcTimeUnixNanos'],
  ['ProcessGuid', 'guid', 'processGuid'],
  ['ProcessId', 'uint32', 'processId'],
  ['Image', 'text', 'image'],
  ['TargetObject', 'text', 'targetObject'],
  ['Details', 'registryDetails', 'details'],
  ['User', 'user', 'user'],
]);

const processTampering = payload<IProcessTampering>(25, 'processTampering', () => new ProcessTampering(), [
  ['RuleName', 'text', 'ruleName'],
  ['UtcTime', 'utcTime', 'utcTimeUnixNanos'],
  ['ProcessGuid', 'guid', 'processGuid'],
  ['ProcessId', 'uint32', 'processId'],
  ['Image', 'text', 'image'],
  ['Type', 'text', 'type'],
  ['User', 'user', 'user'],
]);

const serviceStateChanged = payload<ISysmonServiceStateChanged>(
  4,
  'sysmonServiceStateChanged',
  () => new SysmonServiceStateChanged(),
  [
    ['UtcTime', 'utcTime', 'utcTimeUnixNanos'],
    ['State', 'text', 'state'],
    ['Version', 'text', 'version'],
    ['SchemaVersion', 'text', 'schemaVersion'],
    ['SequenceNumber', 'uint64', 'sequenceNumber'],
  ],
);

const configurationChanged = payload<ISysmonConfigurationChanged>(
  16,
  'sysmonConfigurationChanged',
  () => new SysmonConfigurationChanged(),
  [
    ['UtcTime', 'utcTime', 'utcTimeUnixNanos'],
    ['Configuration', 'text', 'configuration'],
    ['ConfigurationFileHash', 'text', 'configurationFileHash'],
  ],
);

const sysmonError = payload<ISysmonError>(255, 'sysmonError', () => new SysmonError(), [
  ['UtcTime', 'utcTime', 'utcTimeUnixNanos'],
  ['ID', 'text', 'id'],
  ['Description', 'text', 'description'],
]);

export const SYSMON_PAYLOADS: ReadonlyMap<number, PayloadSpec> = new Map(
  [
    processCreate,
    networkConnect,
    createRemoteThread,
    processAccess,
    registryValueSet,
    processTampering,
    serviceStateChanged,
    configurationChanged,
    sysmonError,
  ].map((spec) => [spec.eventId, spec] as const),
);
