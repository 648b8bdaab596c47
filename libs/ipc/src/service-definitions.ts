import { control, health, type healthPb, type pb } from './proto';
import { method } from './grpc-methods';

/** grpc.health.v1.Health: Check and Watch (the standard health protocol). */
export const HealthService = {
  check: method<healthPb.IHealthCheckRequest, healthPb.IHealthCheckResponse>(
    '/grpc.health.v1.Health/Check',
    'unary',
    health.HealthCheckRequest,
    health.HealthCheckResponse,
  ),
  watch: method<healthPb.IHealthCheckRequest, healthPb.IHealthCheckResponse>(
    '/grpc.health.v1.Health/Watch',
    'server-stream',
    health.HealthCheckRequest,
    health.HealthCheckResponse,
  ),
};

export const SupervisorService = {
  getStatus: method<pb.IGetStatusRequest, pb.IAgentStatus>(
    '/sysward.control.v1.Supervisor/GetStatus',
    'unary',
    control.GetStatusRequest,
    control.AgentStatus,
  ),
  watchStatus: method<pb.IWatchStatusRequest, pb.IAgentStatus>(
    '/sysward.control.v1.Supervisor/WatchStatus',
    'server-stream',
    control.WatchStatusRequest,
    control.AgentStatus,
  ),
  restartComponent: method<pb.IRestartComponentRequest, pb.IRestartComponentReply>(
    '/sysward.control.v1.Supervisor/RestartComponent',
    'unary',
    control.RestartComponentRequest,
    control.RestartComponentReply,
  ),
};

export const ComponentReporterService = {
  reportStatus: method<pb.IComponentReport, pb.IReportStatusReply>(
    '/sysward.control.v1.ComponentReporter/ReportStatus',
    'client-stream',
    control.ComponentReport,
    control.ReportStatusReply,
  ),
};

export const ComponentControlService = {
  stop: method<pb.IStopRequest, pb.IStopReply>('/sysward.control.v1.ComponentControl/Stop', 'unary', control.StopRequest, control.StopReply),
  pause: method<pb.IPauseRequest, pb.IPauseReply>('/sysward.control.v1.ComponentControl/Pause', 'unary', control.PauseRequest, control.PauseReply),
  resume: method<pb.IResumeRequest, pb.IResumeReply>(
    '/sysward.control.v1.ComponentControl/Resume',
    'unary',
    control.ResumeRequest,
    control.ResumeReply,
  ),
};

/** Served by the events monitor when it reads the live channel; the installer calls it (R-MON-3, R-INS-11). */
export const MonitorCoordinationService = {
  setSysmonState: method<pb.ISetSysmonStateRequest, pb.ISetSysmonStateReply>(
    '/sysward.control.v1.MonitorCoordination/SetSysmonState',
    'unary',
    control.SetSysmonStateRequest,
    control.SetSysmonStateReply,
  ),
  prepareForSysmonChange: method<pb.IPrepareForSysmonChangeRequest, pb.IPrepareForSysmonChangeReply>(
    '/sysward.control.v1.MonitorCoordination/PrepareForSysmonChange',
    'unary',
    control.PrepareForSysmonChangeRequest,
    control.PrepareForSysmonChangeReply,
  ),
  sysmonChangeDone: method<pb.ISysmonChangeDoneRequest, pb.ISysmonChangeDoneReply>(
    '/sysward.control.v1.MonitorCoordination/SysmonChangeDone',
    'unary',
    control.SysmonChangeDoneRequest,
    control.SysmonChangeDoneReply,
  ),
};
