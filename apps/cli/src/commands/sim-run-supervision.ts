/**
 * `sysward sim run` under the supervisor (`sysward start` on a simulated host): it
 * reports "ok" so agent health counts it, obeys the supervisor's Stop, and stops when
 * the supervisor's pipe closes. Loaded only when supervised (gRPC is not free).
 */
import { watchSupervisorPipe, type SupervisedIdentity } from '@sysward/agent-runtime';
import { connectStatusReporter, createComponentServer, selectIpcTransport } from '@sysward/ipc';

export interface SimRunSupervision {
  stopped(): Promise<void>;
}

export async function superviseSimRun(identity: SupervisedIdentity, version: string, requestStop: (reason: string) => void): Promise<SimRunSupervision> {
  const reporter = connectStatusReporter({ home: identity.home, component: identity.component, version });
  const server = createComponentServer({
    home: identity.home,
    component: identity.component,
    transport: selectIpcTransport(),
    control: { stop: (reason) => requestStop(reason || 'asked by the supervisor') },
  });
  const unwatch = watchSupervisorPipe(() => requestStop('the supervisor is gone'));
  await server.start();
  reporter.update({ state: 'ok', stateReason: 'simulated host running' });
  return {
    async stopped() {
      // ok -> stopping -> stopped: the only transitions the status model allows.
      reporter.update({ state: 'stopping' });
      reporter.update({ state: 'stopped' });
      unwatch();
      await server.stop();
      await reporter.close();
    },
  };
}
