export { componentAddress, assertComponentName, type ComponentAddress, type IpcFlavour } from './address';
export { decideAccess, serviceAccountPolicy, type AccessPolicy, type AccessDecision, type PeerIdentity } from './access-policy';
export { prepareRunDirectory } from './run-directory';
export { removeStaleSocket, type StaleSocketOutcome } from './stale-socket';
export type { IpcTransport, ConnectionListener, RefusedConnection } from './transport';
export { UnixSocketTransport, type UnixSocketTransportOptions, type PeerCredentialsReader } from './unix-socket-transport';
export { NamedPipeTransport, UnsupportedPipeSecurity, syswardPipeSddl, type PipeSecurity } from './pipe-security';
export { selectIpcTransport, type TransportSelection } from './select-transport';
export { SERVER_OPTIONS, CLIENT_OPTIONS, DEFAULT_DEADLINE_MS } from './channel-options';
export { method, type MessageCodec, type MethodKind } from './grpc-methods';
export { HealthService, SupervisorService, ComponentReporterService, ComponentControlService, MonitorCoordinationService } from './service-definitions';
export { HealthRegistry, servingStatusFromWire, type ServingStatus, type SettableServingStatus } from './health';
export { IpcServer, type IpcServerOptions } from './ipc-server';
export { unaryCall, isUnavailable, type CallOptions } from './unary-call';
export { SupervisorClient, HealthClient, ComponentControlClient, MonitorCoordinationClient, type StreamSubscription, type StreamEnd } from './clients';
export {
  monitorCoordinationImplementation,
  CHANNEL_CONTINUITIES,
  type MonitorCoordinationHandlers,
  type SysmonStateNotice,
  type PreparedForChange,
  type ChangeVerified,
  type ChannelContinuity,
  type ChannelPositionView,
} from './monitor-coordination';
export { GrpcStatusLink } from './status-link';
export { componentControlImplementation, type ComponentControlHandlers } from './component-control';
export {
  createComponentServer,
  connectStatusReporter,
  SUPERVISOR_COMPONENT,
  type ComponentEndpointOptions,
  type ReporterConnectionOptions,
} from './component-endpoints';
export {
  reportToWire,
  reportFromWire,
  agentStatusToWire,
  agentStatusFromWire,
  componentStatusToWire,
  componentStatusFromWire,
  int64ToNumber,
} from './status-codec';
export {
  PROCESS_STATES,
  HEALTH_STATES,
  COLLECTORS,
  type ProcessState,
  type HealthState,
  type Collector,
  type AgentStatusView,
  type ComponentStatusView,
  type MonitorStatusView,
  type SupervisorInfoView,
} from './status-view';
export { control as controlMessages, health as healthMessages } from './proto';
export type { pb, healthPb } from './proto';
