/**
 * The installer's side of the supervisor's protocol (docs/ipc.md): its status (Sysmon
 * state, reason, last repairs) streamed to the supervisor, a ComponentControl server
 * for a graceful Stop, the stdin pipe, and the events monitor's MonitorCoordination
 * (R-INS-11, R-MON-3). Loaded only when supervised: standalone runs never load gRPC.
 */
import { watchSupervisorPipe, type InstallerStatus, type SupervisedIdentity } from '@sysward/agent-runtime';
import { componentAddress, connectStatusReporter, createComponentServer, MonitorCoordinationClient, selectIpcTransport } from '@sysward/ipc';
import type { MonitorLink } from '../host/monitor-link';

export interface InstallerSupervision {
  readonly monitor: MonitorLink;
  report(status: InstallerStatus): void;
  failed(error: unknown): Promise<void>;
  stopped(): Promise<void>;
}

export async function superviseInstaller(
  options: SupervisedIdentity & { version: string; monitorComponent: string; requestStop: (reason: string) => void; warn: (message: string) => void },
): Promise<InstallerSupervision> {
  const { home, component } = options;
  const reporter = connectStatusReporter({
    home,
    component,
    version: options.version,
    onLinkError: (error, attempt) => {
      if (attempt === 1) options.warn(`status stream to the supervisor lost; reconnecting: ${error.message}`);
    },
  });
  const server = createComponentServer({
    home,
    component,
    transport: selectIpcTransport({ onRefused: (refused) => options.warn(`refused a local connection: ${JSON.stringify(refused)}`) }),
    control: { stop: (reason) => options.requestStop(reason || 'asked by the supervisor') },
  });
  const unwatchPipe = watchSupervisorPipe(() => options.requestStop('the supervisor is gone'));
  await server.start();
  reporter.update({ state: 'ok' });
  const client = new MonitorCoordinationClient(componentAddress(home, options.monitorComponent, process.platform));
  const monitor: MonitorLink = {
    prepare: async (reason) => void (await client.prepareForSysmonChange(reason)),
    done: async (reason) => void (await client.sysmonChangeDone(reason)),
    setState: (notice) => client.setSysmonState(notice),
  };
  const hangUp = async (): Promise<void> => {
    unwatchPipe();
    client.close();
    await server.stop();
    await reporter.close();
  };
  let stopping = false;
  return {
    monitor,
    // Once stopping, a late round's status must not turn the state back to ok.
    report: (status) => stopping || reporter.update({ state: 'ok', stateReason: `Sysmon ${status.sysmonState}: ${status.sysmonStateReason}`, installer: status }),
    async failed(error) {
      reporter.recordError(error, 'fatal');
      await hangUp();
    },
    async stopped() {
      // ok -> stopping -> stopped: the only transitions the status model allows.
      stopping = true;
      reporter.update({ state: 'stopping' });
      reporter.update({ state: 'stopped' });
      await hangUp();
    },
  };
}
