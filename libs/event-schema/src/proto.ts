/**
 * The generated protobuf code for proto/sysward/events/v1 (see tools/codegen), under
 * short names. The generated files live in ../generated, beside src/ and dist/, so
 * the same relative import works from the TypeScript sources (Jest) and from the
 * built dist/ (Node): tsc does not copy .js files, and this keeps allowJs off.
 */
import { sysward } from '../generated/events';

import v1 = sysward.events.v1;

export const Collector = v1.Collector;
export type Collector = v1.Collector;
export const GapCause = v1.GapCause;
export type GapCause = v1.GapCause;

export const Event = v1.Event;
export type Event = v1.Event;
export type IEvent = v1.IEvent;
export const FieldParseError = v1.FieldParseError;
export type FieldParseError = v1.FieldParseError;
export type IFieldParseError = v1.IFieldParseError;

export const ProcessCreate = v1.ProcessCreate;
export type ProcessCreate = v1.ProcessCreate;
export type IProcessCreate = v1.IProcessCreate;
export const NetworkConnect = v1.NetworkConnect;
export type NetworkConnect = v1.NetworkConnect;
export type INetworkConnect = v1.INetworkConnect;
export const CreateRemoteThread = v1.CreateRemoteThread;
export type CreateRemoteThread = v1.CreateRemoteThread;
export type ICreateRemoteThread = v1.ICreateRemoteThread;
export const ProcessAccess = v1.ProcessAccess;
export type ProcessAccess = v1.ProcessAccess;
export type IProcessAccess = v1.IProcessAccess;
export const RegistryValueSet = v1.RegistryValueSet;
export type RegistryValueSet = v1.RegistryValueSet;
export type IRegistryValueSet = v1.IRegistryValueSet;
export const RegistryDetails = v1.RegistryDetails;
export type RegistryDetails = v1.RegistryDetails;
export type IRegistryDetails = v1.IRegistryDetails;
export const ProcessTampering = v1.ProcessTampering;
export type ProcessTampering = v1.ProcessTampering;
export type IProcessTampering = v1.IProcessTampering;
export const SysmonServiceStateChanged = v1.SysmonServiceStateChanged;
export type SysmonServiceStateChanged = v1.SysmonServiceStateChanged;
export type ISysmonServiceStateChanged = v1.ISysmonServiceStateChanged;
export const SysmonConfigurationChanged = v1.SysmonConfigurationChanged;
export type SysmonConfigurationChanged = v1.SysmonConfigurationChanged;
export type ISysmonConfigurationChanged = v1.ISysmonConfigurationChanged;
export const SysmonError = v1.SysmonError;
export type SysmonError = v1.SysmonError;
export type ISysmonError = v1.ISysmonError;

export const Gap = v1.Gap;
export type Gap = v1.Gap;
export type IGap = v1.IGap;
export const DeliveryRecord = v1.DeliveryRecord;
export type DeliveryRecord = v1.DeliveryRecord;
export type IDeliveryRecord = v1.IDeliveryRecord;
