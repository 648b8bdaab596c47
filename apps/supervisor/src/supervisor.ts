import { Lifecycle, SYSTEM_TIMERS, type ComponentReport, type Logger, type Timers } from '@sysward/agent-runtime';
import {
  ComponentControlClient,
  ComponentReporterService,
  componentAddress,
  IpcServer,
  SUPERVISOR_COMPONENT,
  SupervisorService as SupervisorServiceDefinition,
  type AgentStatusView,
  type ComponentStatusView,
  type IpcTransport,
} from '@sysward/ipc';
import { decideCollector } from './collector-decision';
import type { SupervisorConfig } from './config';
import type { ComponentRunner } from './component-runner';
import { overallHealth } from './health-aggregation';
import { SupervisedComponent, type StopRequester } from './supervised-component';
import { SupervisorService } from './supervisor-service';

export const INSTALLER_COMPONENT = 'sysmon-installer';

export interface SupervisorOptions {
  home: string;
  config: SupervisorConfig;
  version: string;
  runner: ComponentRunner;
  transport: IpcTransport;
  logger: Logger;
  platform?: NodeJS.Platform;
  timers?: Timers;
  random?: () => number;
  requestStop?: StopRequester;
}

/**
 * The supervisor (R-SUP-1, R-SUP-2): runs every configured component, serves
 * Supervisor + ComponentReporter + grpc.health.v1 on its own address, and keeps
 * health ("" and one entry per component) in step with what components report.
 */
export class Supervisor {
  private readonly components: SupervisedComponent[];
  private readonly server: IpcServer;
  private readonly service: SupervisorService;
  private readonly lifecycle: Lifecycle;
  private readonly listeners = new Set<() => void>();
  private readonly timers: Timers;
  private readonly platform: NodeJS.Platform;
  private startedAtMs = 0;
  private changeQueued = false;

  constructor(private readonly options: SupervisorOptions) {
    this.timers = options.timers ?? SYSTEM_TIMERS;
    this.platform = options.platform ?? process.platform;
    const requestStop = options.requestStop ?? ((name: string) => this.requestStopOverIpc(name));
    this.components = options.config.components.map(
      (spec) =>
        new SupervisedComponent({
          spec,
          home: options.home,
          runner: options.runner,
          policy: options.config.restart,
          requestStop,
          logger: options.logger,
          onChange: () => this.changed(),
          timers: this.timers,
          random: options.random,
        }),
    );
    this.service = new SupervisorService(this, options.logger);
    this.server = new IpcServer({ address: componentAddress(options.home, SUPERVISOR_COMPONENT, this.platform), transport: options.transport })
      .addService(SupervisorServiceDefinition, this.service.supervisorImplementation())
      .addService(ComponentReporterService, this.service.reporterImplementation());
    this.lifecycle = new Lifecycle({ onStart: () => this.onStart(), onStop: () => this.onStop() });
  }

  get address(): string {
    return this.server.address.target;
  }

  start(): Promise<void> {
    return this.lifecycle.start();
  }

  stop(): Promise<void> {
    return this.lifecycle.stop();
  }

  status(): AgentStatusView {
    const now = this.timers.now();
    const components = this.components.map((c) => c.view(now));
    const installer = this.components.find((c) => c.name === INSTALLER_COMPONENT);
    const installerStatus = installer?.installerStatus();
    const collector = decideCollector({
      installerConfigured: installer !== undefined,
      installer: installerStatus,
      selfManagedSysmon: this.options.config.selfManagedSysmon,
    });
    return {
      generatedAtMs: now,
      supervisor: {
        version: this.options.version,
        pid: process.pid,
        startedAtMs: this.startedAtMs,
        uptimeMs: this.startedAtMs > 0 ? now - this.startedAtMs : 0,
      },
      health: overallHealth(components.map((c) => c.health)),
      activeCollector: collector.collector,
      activeCollectorReason: collector.reason,
      sysmonState: installerStatus?.sysmonState ?? 'unknown',
      sysmonStateReason: installerStatus?.sysmonStateReason ?? '',
      components,
    };
  }

  async restartComponent(name: string): Promise<ComponentStatusView> {
    const component = this.components.find((c) => c.name === name);
    if (component === undefined) {
      throw new Error(`no component named ${JSON.stringify(name)} (configured: ${this.components.map((c) => c.name).join(', ') || 'none'})`);
    }
    await component.restart('requested over the control API');
    return component.view(this.timers.now());
  }

  acceptReport(report: ComponentReport): boolean {
    const component = this.components.find((c) => c.name === report.name);
    return component !== undefined && component.acceptReport(report);
  }

  /** Called (coalesced) after any change; returns the unsubscribe function. */
  onStatusChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async onStart(): Promise<void> {
    this.startedAtMs = this.timers.now();
    this.syncHealth();
    await this.server.start();
    this.options.logger.info({ address: this.server.address.target, components: this.components.map((c) => c.name) }, 'supervisor started');
    for (const component of this.components) component.start();
  }

  private async onStop(): Promise<void> {
    this.options.logger.info('supervisor stopping');
    await Promise.all(this.components.map((c) => c.stop()));
    this.service.endOpenCalls();
    await this.server.stop();
    this.listeners.clear();
    this.options.logger.info('supervisor stopped');
  }

  private changed(): void {
    // Several changes in one tick (a crash, its report, a restart) become one notification.
    if (this.changeQueued) return;
    this.changeQueued = true;
    setImmediate(() => {
      this.changeQueued = false;
      this.syncHealth();
      for (const listener of [...this.listeners]) listener();
    });
  }

  private syncHealth(): void {
    const status = this.status();
    this.server.health.set('', status.health === 'serving' ? 'SERVING' : 'NOT_SERVING');
    for (const c of status.components) this.server.health.set(c.name, c.health === 'serving' ? 'SERVING' : 'NOT_SERVING');
  }

  private async requestStopOverIpc(name: string): Promise<boolean> {
    const client = new ComponentControlClient(componentAddress(this.options.home, name, this.platform));
    try {
      await client.stop('stopped by the supervisor', { deadlineMs: 1_000 });
      return true;
    } catch {
      return false;
    } finally {
      client.close();
    }
  }
}
