import pino from 'pino';
import { ManualTimers } from '@sysward/agent-runtime/testing';
import type { ComponentReport } from '@sysward/agent-runtime';
import {
  SupervisedComponent,
  WindowsServiceRunner,
  type ComponentRunner,
  type ComponentSpec,
  type ExitInfo,
  type RestartPolicy,
  type RunningComponent,
} from '../src';

class FakeProcess implements RunningComponent {
  readonly exited: Promise<ExitInfo>;
  terminated = false;
  killed = false;
  private resolveExit!: (exit: ExitInfo) => void;
  constructor(
    readonly pid: number,
    private readonly obeysTerminate: boolean,
  ) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }
  exit(exit: Partial<ExitInfo> = {}): void {
    this.resolveExit({ code: 1, signal: null, stderrTail: '', ...exit });
  }
  terminate(): void {
    this.terminated = true;
    if (this.obeysTerminate) this.exit({ code: null, signal: 'SIGTERM' });
  }
  kill(): void {
    this.killed = true;
    this.exit({ code: null, signal: 'SIGKILL' });
  }
}

class FakeRunner implements ComponentRunner {
  readonly started: FakeProcess[] = [];
  private nextPid = 100;
  constructor(private readonly obeysTerminate = true) {}
  start(): RunningComponent {
    const process = new FakeProcess(this.nextPid++, this.obeysTerminate);
    this.started.push(process);
    return process;
  }
  get current(): FakeProcess {
    return this.started[this.started.length - 1];
  }
}

const spec: ComponentSpec = { name: 'events-monitor', command: '/x/main.js', args: [], env: {} };
const policy: RestartPolicy = {
  backoff: { initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2, jitter: 0 },
  crashLoop: { maxCrashes: 3, windowMs: 60_000 },
  stopGraceMs: 500,
  degradedRetryMs: 0,
};

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function setup(options: { runner?: ComponentRunner; policy?: RestartPolicy; stopAnswered?: boolean } = {}) {
  const timers = new ManualTimers();
  const runner = options.runner ?? new FakeRunner();
  const stopRequests: string[] = [];
  let changes = 0;
  const component = new SupervisedComponent({
    spec,
    home: '/home',
    runner,
    policy: options.policy ?? policy,
    requestStop: async (name) => {
      stopRequests.push(name);
      return options.stopAnswered ?? false;
    },
    logger: pino({ level: 'silent' }),
    onChange: () => changes++,
    timers,
    random: () => 0,
  });
  return { component, runner: runner as FakeRunner, timers, stopRequests, changes: () => changes };
}

function report(pid: number, state: ComponentReport['state'] = 'ok'): ComponentReport {
  return { name: 'events-monitor', version: '1.0.0', pid, state, stateReason: '', lastError: '', lastErrorAtMs: 0 };
}

describe('R-SUP-1 SupervisedComponent restarts, backs off and degrades', () => {
  it('restarts a crashed process after the backoff and counts the restart', async () => {
    const { component, runner, timers } = setup();
    component.start();
    expect(component.view(timers.now())).toMatchObject({ processState: 'running', pid: 100, state: 'starting', reported: false, health: 'not_serving' });
    runner.current.exit({ code: null, signal: 'SIGKILL' });
    await flush();
    expect(component.view(timers.now())).toMatchObject({
      processState: 'backoff',
      pid: 0,
      state: 'stopped',
      lastError: 'killed by SIGKILL',
      nextRestartAtMs: timers.now() + 100,
    });
    timers.advance(99);
    expect(runner.started).toHaveLength(1);
    timers.advance(1);
    expect(runner.started).toHaveLength(2);
    expect(component.view(timers.now())).toMatchObject({ processState: 'running', pid: 101, restarts: 1 });
  });

  it('the backoff doubles with each crash in the window; the 3rd crash marks it degraded and nothing restarts it', async () => {
    const { component, runner, timers } = setup();
    component.start();
    runner.current.exit({ code: 3, stderrTail: 'Error: boom\n    at x (y.js:1:1)\n' });
    await flush();
    timers.advance(100);
    runner.current.exit({ code: 3, stderrTail: 'Error: boom\n' });
    await flush();
    expect(component.view(timers.now()).nextRestartAtMs - timers.now()).toBe(200);
    timers.advance(200);
    runner.current.exit({ code: 3, stderrTail: 'Error: boom\n' });
    await flush();
    const view = component.view(timers.now());
    expect(view).toMatchObject({
      processState: 'degraded',
      stateReason: 'crashed 3 times within 60 s',
      lastError: 'exited with code 3: Error: boom',
      restarts: 2,
      health: 'not_serving',
    });
    timers.advance(3_600_000);
    expect(runner.started).toHaveLength(3);
  });

  it('a degraded component is retried after degradedRetryMs when configured', async () => {
    const { component, runner, timers } = setup({ policy: { ...policy, crashLoop: { maxCrashes: 1, windowMs: 60_000 }, degradedRetryMs: 600_000 } });
    component.start();
    runner.current.exit();
    await flush();
    expect(component.currentProcessState).toBe('degraded');
    timers.advance(600_000);
    expect(runner.started).toHaveLength(2);
    expect(component.view(timers.now())).toMatchObject({ processState: 'running', stateReason: '', restarts: 1 });
  });

  it('RestartComponent clears degraded and starts it again', async () => {
    const { component, runner, timers } = setup({ policy: { ...policy, crashLoop: { maxCrashes: 1, windowMs: 60_000 } } });
    component.start();
    runner.current.exit();
    await flush();
    expect(component.currentProcessState).toBe('degraded');
    await component.restart('operator');
    expect(component.view(timers.now())).toMatchObject({ processState: 'running', pid: 101, restarts: 1, stateReason: '' });
  });

  it('takes reports from the current process only; health follows the reported state', async () => {
    const { component, runner, timers } = setup();
    component.start();
    expect(component.acceptReport(report(999))).toBe(false);
    expect(component.acceptReport(report(100))).toBe(true);
    expect(component.view(timers.now())).toMatchObject({ state: 'ok', reported: true, version: '1.0.0', health: 'serving' });
    component.acceptReport(report(100, 'recoverable_error'));
    expect(component.view(timers.now()).health).toBe('not_serving');
    runner.current.exit();
    await flush();
    expect(component.acceptReport(report(100))).toBe(false); // late report of the dead process
    timers.advance(100);
    expect(component.view(timers.now())).toMatchObject({ pid: 101, reported: false, state: 'starting', version: '1.0.0' });
  });

  it('a reported error newer than the last exit is the last error shown', async () => {
    const { component, timers } = setup();
    component.start();
    component.acceptReport({ ...report(100, 'recoverable_error'), lastError: 'sink down', lastErrorAtMs: timers.now() + 5 });
    expect(component.view(timers.now())).toMatchObject({ lastError: 'sink down', lastErrorAtMs: timers.now() + 5 });
  });

  it('checkpoint age is computed when status is read', () => {
    const { component, timers } = setup();
    component.start();
    const monitor = {
      eventsRead: 1,
      eventsDelivered: 1,
      eventsDropped: 0,
      gaps: 0,
      outboxBytes: 10,
      checkpointPosition: 'x#1',
      checkpointUpdatedAtMs: timers.now() - 1500,
      deliveryLagMs: 20,
    };
    component.acceptReport({ ...report(100), monitor });
    expect(component.view(timers.now()).monitor).toEqual({ ...monitor, checkpointAgeMs: 1500 });
    timers.advance(1000);
    expect(component.view(timers.now()).monitor?.checkpointAgeMs).toBe(2500);
  });
});

describe('SupervisedComponent lifecycle (seam 10)', () => {
  it('stop before start leaves it stopped; start after stop runs it', async () => {
    const { component, runner } = setup();
    await component.stop();
    expect(component.currentProcessState).toBe('stopped');
    component.start();
    expect(runner.started).toHaveLength(1);
    expect(component.currentProcessState).toBe('running');
  });

  it('stop asks over the control API first; the exit that follows is not a crash', async () => {
    const { component, runner, timers, stopRequests } = setup({ stopAnswered: true });
    component.start();
    const stopping = component.stop();
    await flush();
    expect(stopRequests).toEqual(['events-monitor']);
    expect(runner.current.terminated).toBe(false);
    runner.current.exit({ code: 0 });
    await stopping;
    expect(component.view(timers.now())).toMatchObject({ processState: 'stopped', restarts: 0, lastError: '' });
    timers.advance(60_000);
    expect(runner.started).toHaveLength(1);
  });

  it('without a control API answer it terminates, and kills after the grace time', async () => {
    const runner = new FakeRunner(false);
    const { component, timers } = setup({ runner });
    component.start();
    const stopping = component.stop();
    await flush();
    expect(runner.current.terminated).toBe(true);
    expect(runner.current.killed).toBe(false);
    timers.advance(500);
    await stopping;
    expect(runner.current.killed).toBe(true);
    expect(component.currentProcessState).toBe('stopped');
  });

  it('stop during the backoff cancels the pending restart', async () => {
    const { component, runner, timers } = setup();
    component.start();
    runner.current.exit();
    await flush();
    await component.stop();
    timers.advance(10_000);
    expect(runner.started).toHaveLength(1);
    expect(timers.pendingCount).toBe(0);
  });

  it('a runner that cannot run on this platform is a failure like a crash (Windows services: NOT_SUPPORTED)', async () => {
    const { component, timers } = setup({ runner: new WindowsServiceRunner(), policy: { ...policy, crashLoop: { maxCrashes: 1, windowMs: 60_000 } } });
    component.start();
    expect(component.view(timers.now())).toMatchObject({ processState: 'degraded' });
    expect(component.view(timers.now()).lastError).toMatch(/^could not start: NOT_SUPPORTED: running events-monitor as a Windows service/);
  });
});
