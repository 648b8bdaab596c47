import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { componentAddress, HealthClient, SupervisorClient, type AgentStatusView, type ComponentStatusView } from '@sysward/ipc';
import { eventually } from '../../../../libs/ipc/test/support/processes';
import { REPO_ROOT, workspaceModuleEnv } from '../../../../libs/ipc/test/support/workspace-modules';

export const SUPERVISOR_MAIN = path.join(REPO_ROOT, 'apps', 'supervisor', 'dist', 'main.js');
export const FIXTURE_COMPONENT = path.join(__dirname, '..', 'fixtures', 'component.js');

export interface FixtureComponent {
  name: string;
  args?: string[];
}

/** Fast restarts so that a crash loop plays out in a fraction of a second. */
export const FAST_RESTART = {
  initialDelayMs: 20,
  maxDelayMs: 100,
  multiplier: 2,
  jitter: 0,
  crashLoopCrashes: 3,
  crashLoopWindowMs: 60_000,
  stopGraceMs: 3_000,
  degradedRetryMs: 0,
};

/** A real supervisor process (apps/supervisor/dist/main.js) running fixture components in a temporary home. */
export class SupervisorHarness {
  readonly supervisor: SupervisorClient;
  readonly health: HealthClient;
  private exitCode: Promise<number | null>;
  private stderr = '';

  private constructor(
    readonly home: string,
    readonly moduleEnv: Record<string, string>,
    private process: ChildProcess,
  ) {
    const address = componentAddress(home, 'supervisor', 'linux');
    this.supervisor = new SupervisorClient(address);
    this.health = new HealthClient(address);
    this.exitCode = this.watch(process);
  }

  static async start(components: FixtureComponent[], restart: object = FAST_RESTART): Promise<SupervisorHarness> {
    if (!fs.existsSync(SUPERVISOR_MAIN)) throw new Error(`${SUPERVISOR_MAIN} is missing: build first (npx tsc -b apps/supervisor)`);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-sup-'));
    fs.chmodSync(home, 0o755);
    fs.mkdirSync(path.join(home, 'config'));
    const config = {
      components: components.map((c) => ({ name: c.name, command: FIXTURE_COMPONENT, args: c.args ?? [] })),
      restart,
    };
    fs.writeFileSync(path.join(home, 'config', 'supervisor.json'), JSON.stringify(config, null, 2));
    const moduleEnv = workspaceModuleEnv();
    const harness = new SupervisorHarness(home, moduleEnv, SupervisorHarness.spawnSupervisor(home, moduleEnv));
    await harness.waitForSupervisor();
    return harness;
  }

  private static spawnSupervisor(home: string, moduleEnv: Record<string, string>): ChildProcess {
    return spawn(process.execPath, [SUPERVISOR_MAIN, '--home', home], {
      env: { ...process.env, ...moduleEnv },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }

  private watch(child: ChildProcess): Promise<number | null> {
    child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.process.pid ?? 0;
  }

  async waitForSupervisor(): Promise<void> {
    await eventually(
      async () => {
        if (this.process.exitCode !== null) throw new Error(`supervisor exited with ${this.process.exitCode}: ${this.stderr}`);
        return (await this.supervisor.getStatus({ deadlineMs: 1_000 })) ? true : undefined;
      },
      'the supervisor to answer',
    );
  }

  status(): Promise<AgentStatusView> {
    return this.supervisor.getStatus({ deadlineMs: 2_000 });
  }

  component(status: AgentStatusView, name: string): ComponentStatusView {
    const found = status.components.find((c) => c.name === name);
    if (found === undefined) throw new Error(`no component ${name} in status`);
    return found;
  }

  /** Polls GetStatus until the component matches. */
  waitForComponent(name: string, predicate: (c: ComponentStatusView) => boolean, what: string): Promise<ComponentStatusView> {
    return eventually(async () => {
      const c = this.component(await this.status(), name);
      return predicate(c) ? c : undefined;
    }, `${name}: ${what}`);
  }

  /** SIGTERM, then the exit code. */
  async stop(): Promise<number | null> {
    this.process.kill('SIGTERM');
    return this.exitCode;
  }

  /** SIGKILL the supervisor itself (a crash). */
  async crash(): Promise<void> {
    this.process.kill('SIGKILL');
    await this.exitCode;
  }

  /** Start a new supervisor process on the same home. */
  async restartProcess(): Promise<void> {
    this.stderr = '';
    this.process = SupervisorHarness.spawnSupervisor(this.home, this.moduleEnv);
    this.exitCode = this.watch(this.process);
    await this.waitForSupervisor();
  }

  get stderrText(): string {
    return this.stderr;
  }

  async dispose(): Promise<void> {
    this.supervisor.close();
    this.health.close();
    if (this.process.exitCode === null && this.process.signalCode === null) await this.stop();
    fs.rmSync(this.home, { recursive: true, force: true });
    fs.rmSync(this.moduleEnv.NODE_PATH, { recursive: true, force: true });
  }
}

/** Whether the process still runs. An exited child of a dead parent may linger as a zombie until init reaps it: that counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
