/**
 * The monitor's side of the supervisor's protocol (docs/ipc.md): a status
 * stream to the supervisor, its own ComponentControl server for a graceful
 * Stop, and the stdin pipe that tells it the supervisor is gone. main.ts loads
 * this module only when a supervisor started the process, so that standalone
 * runs (replay, tests) never load gRPC nor try to connect.
 */
import { watchSupervisorPipe, type SupervisedIdentity } from '@sysward/agent-runtime';
import {
  connectStatusReporter,
  createComponentServer,
  monitorCoordinationImplementation,
  MonitorCoordinationService,
  selectIpcTransport,
  type MonitorCoordinationHandlers,
} from '@sysward/ipc';
import type { MonitorLog } from './monitor';
import { MonitorStatusTicker, type MonitorStatusSource } from './status-ticker';

export interface SupervisionOptions extends SupervisedIdentity {
  version: string;
  monitor: MonitorStatusSource;
  /** Served to the installer when the monitor reads the live channel (R-MON-3, R-INS-11); null for recordings. */
  coordination: MonitorCoordinationHandlers | null;
  /** Begins a graceful stop; the reason says who asked. */
  requestStop: (reason: string) => void;
  log: MonitorLog;
}

export interface Supervision {
  /** A stop was asked for: no error states from now on, and the supervisor is told. */
  stopping(reason: string): void;
  /** Reading and delivery ended (the store is still open): the final figures go out. */
  ended(): void;
  /** The store is closed: report stopped and hang up. */
  stopped(): Promise<void>;
  /** The monitor failed and the process is about to exit. */
  failed(error: unknown): Promise<void>;
}

export async function superviseMonitor(options: SupervisionOptions): Promise<Supervision> {
  const { home, component, log } = options;
  const reporter = connectStatusReporter({
    home,
    component,
    version: options.version,
    // The first failure is news, the retries are not (house rule on repeated errors).
    onLinkError: (error, attempt) => {
      if (attempt === 1) log.warn({ err: error.message }, 'status stream to the supervisor lost; reconnecting');
    },
  });
  const server = createComponentServer({
    home,
    component,
    transport: selectIpcTransport({ onRefused: (refused) => log.warn({ ...refused }, 'refused a local connection') }),
    control: { stop: (reason) => options.requestStop(reason || 'asked by the supervisor') },
  });
  if (options.coordination !== null) server.addService(MonitorCoordinationService, monitorCoordinationImplementation(options.coordination));
  const unwatchPipe = watchSupervisorPipe(() => options.requestStop('the supervisor is gone'));
  const ticker = new MonitorStatusTicker(options.monitor, reporter);
  try {
    await server.start();
  } catch (error) {
    unwatchPipe();
    reporter.recordError(error, 'fatal');
    await reporter.close();
    throw error;
  }
  reporter.update({ state: 'ok' });
  ticker.start();

  let state: 'running' | 'stopping' | 'done' = 'running';
  const hangUp = async (): Promise<void> => {
    unwatchPipe();
    await server.stop();
    await reporter.close();
  };
  const stopping = (reason: string): void => {
    if (state !== 'running') return;
    state = 'stopping';
    ticker.stop();
    reporter.update({ state: 'stopping', stateReason: reason });
  };
  return {
    stopping,
    ended() {
      stopping('finished reading and delivering');
      if (state === 'stopping') ticker.publishFigures();
    },
    async stopped() {
      if (state === 'done') return;
      stopping('stopped');
      state = 'done';
      reporter.update({ state: 'stopped' });
      await hangUp();
    },
    async failed(error) {
      if (state === 'done') return;
      state = 'done';
      ticker.stop();
      reporter.recordError(error, 'fatal');
      await hangUp();
    },
  };
}
