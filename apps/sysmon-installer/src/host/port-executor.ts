/**
 * ActionExecutor over libs/platform's ports (docs/installer.md, "What the port-backed
 * executor must do"). Every action is idempotent: it first looks at whether its effect
 * is already on the host, because after a crash the journal may run it again
 * (ADR 0601). Failures are outcomes; a throw means this process cannot go on.
 */
import { randomUUID } from 'node:crypto';
import {
  SYSMON_OPERATIONAL_CHANNEL,
  SysmonCli,
  isPlatformError,
  serviceImageFile,
  type PlatformPorts,
} from '@sysward/platform';
import { formatOwnershipMarker, OWNERSHIP_MARKER_VALUE_NAME } from '../identity/ownership-marker';
import type { ActionExecutor, HostAction, HostObserver } from '../journal/reconciler';
import { verifyBinary } from '../manifest/verify-binary';
import type { ActionOutcome } from '../outcome/apply-outcome';
import { markedInstall, ownershipFromHost } from '../outcome/ownership-from-host';
import { sameVersion } from '../version/sysmon-version';
import type { MonitorLink } from './monitor-link';
import { MANAGED_CONFIG_PATH, packagePath, serviceKey } from './sysmon-paths';
import type { ChannelEnd } from './started-record';

export interface PortExecutorOptions {
  readonly ports: PlatformPorts;
  readonly observer: HostObserver;
  readonly monitor: MonitorLink;
  /** The validated managed configuration, exactly the bytes whose SHA-256 DesiredState names. */
  readonly configXml: Uint8Array;
  /**
   * Called after our install with where the Sysmon channel ended before it; Sysmon
   * writes its event 4 "Started" after that, possibly a moment later (R-MON-3).
   */
  readonly onInstalled?: (before: ChannelEnd | null) => void;
}

function failed(e: unknown): ActionOutcome {
  return { ok: false, error: e instanceof Error ? e.message : String(e) };
}

export class PortActionExecutor implements ActionExecutor {
  private readonly cli: SysmonCli;

  constructor(private readonly options: PortExecutorOptions) {
    this.cli = new SysmonCli(options.ports.sysmon);
  }

  async execute(action: HostAction): Promise<ActionOutcome> {
    try {
      switch (action.kind) {
        case 'notify-monitor':
          if (action.phase === 'before') await this.options.monitor.prepare(action.operation);
          else await this.options.monitor.done(action.operation);
          return { ok: true };
        case 'install':
          return await this.install(action.version, action.sha256);
        case 'uninstall':
          return await this.uninstall(action);
        case 'remove-at-reboot':
          return await this.removeAtReboot(action.serviceName, action.driverName);
        case 'apply-config':
          return await this.applyConfig();
        case 'restart-service':
          return await this.restart(action.serviceName);
      }
    } catch (e) {
      return failed(e);
    }
  }

  /** Our verified copy of a release in the package store, downloaded if missing or altered (R-INS-9). */
  private async stage(version: string, sha256: string): Promise<string> {
    const { files, releases } = this.options.ports;
    const path = packagePath(version);
    if ((await files.exists(path)) && (await files.sha256(path)) === sha256.toLowerCase()) return path;
    const bytes = await releases.download(version);
    const verdict = verifyBinary(bytes, sha256, `Sysmon ${version}`);
    if (!verdict.ok) throw verdict.error;
    await files.write(path, bytes);
    return path;
  }

  private async writeConfig(): Promise<string> {
    await this.options.ports.files.write(MANAGED_CONFIG_PATH, this.options.configXml);
    return MANAGED_CONFIG_PATH;
  }

  private async newestRecordId(): Promise<ChannelEnd | null> {
    try {
      const info = await this.options.ports.channels.info(SYSMON_OPERATIONAL_CHANNEL);
      return { id: info.newestRecordId ?? 0, identity: info.logIdentity };
    } catch (e) {
      if (isPlatformError(e) && e.code === 'NOT_FOUND') return null;
      throw e;
    }
  }

  private async install(version: string, sha256: string): Promise<ActionOutcome> {
    let observed = await this.options.observer.observe();
    const existing = ownershipFromHost(observed, Date.now());
    // Already done (a re-run after a crash): take the record from the host.
    if (!existing || !sameVersion(existing.version, version) || existing.sha256 !== sha256.toLowerCase()) {
      const binary = await this.stage(version, sha256);
      const config = await this.writeConfig();
      const before = await this.newestRecordId();
      await this.cli.install(binary, config);
      observed = await this.options.observer.observe();
      const placed = observed.installs.find((i) => !i.inbox && i.service?.binarySha256 === sha256.toLowerCase() && !i.service.ownershipMarker);
      if (!placed?.service) return { ok: false, error: `Sysmon ${version} installed, but no service runs the verified binary` };
      await this.options.ports.registry.setValue(serviceKey(placed.service.name), OWNERSHIP_MARKER_VALUE_NAME, {
        type: 'REG_SZ',
        data: formatOwnershipMarker(randomUUID()),
      });
      this.options.onInstalled?.(before);
      observed = await this.options.observer.observe();
    }
    const ownership = ownershipFromHost(observed, this.options.ports.clock.now());
    const rules = markedInstall(observed)?.appliedRulesSha256 ?? undefined;
    if (!ownership) return { ok: false, error: `Sysmon ${version} is not complete on the host after the install` };
    return { ok: true, ownership, rulesSha256: rules };
  }

  private async uninstall(action: Extract<HostAction, { kind: 'uninstall' }>): Promise<ActionOutcome> {
    const { services } = this.options.ports;
    const service = action.serviceName ? await services.query(action.serviceName) : null;
    let binary: string;
    if (action.binary.from === 'service-image-path') {
      if (!service) return await this.afterUninstall(action.driverName);
      // BUG-20: only the installed binary may remove a protected 15.x; run it only if it is the one we expect.
      binary = serviceImageFile(service.imagePath, service.kind);
      const actual = await this.options.ports.files.sha256(binary);
      if (actual !== action.binary.sha256.toLowerCase()) {
        return { ok: false, error: `${binary} is not Sysmon ${action.binary.version} (SHA-256 ${actual.slice(0, 12)}…); not running it` };
      }
    } else {
      binary = await this.stage(action.binary.version, action.binary.sha256);
    }
    if (service || (action.driverName && (await services.query(action.driverName)))) {
      await this.cli.uninstall(binary, { force: action.using === 'force' });
    }
    return await this.afterUninstall(action.driverName);
  }

  /** A driver still loaded after the uninstall goes at the next boot (BUG-20). */
  private async afterUninstall(driverName: string | null): Promise<ActionOutcome> {
    const driver = driverName ? await this.options.ports.services.query(driverName) : null;
    return driver ? { ok: true, rebootRequired: true } : { ok: true };
  }

  /** BUG-20's last resort: without their Services keys the SCM does not load them at the next boot. */
  private async removeAtReboot(serviceName: string, driverName: string): Promise<ActionOutcome> {
    const { registry } = this.options.ports;
    for (const name of [serviceName, driverName]) {
      if (await registry.keyExists(serviceKey(name))) await registry.deleteKey(serviceKey(name), { recursive: true });
    }
    return { ok: true };
  }

  private async applyConfig(): Promise<ActionOutcome> {
    const observed = await this.options.observer.observe();
    const ours = markedInstall(observed);
    if (!ours?.service) return { ok: false, error: 'our Sysmon is not on the host to take the configuration' };
    const config = await this.writeConfig();
    await this.cli.applyConfig(serviceImageFile(ours.service.imagePath, 'own-process'), config);
    const after = markedInstall(await this.options.observer.observe());
    return after?.appliedRulesSha256 ? { ok: true, rulesSha256: after.appliedRulesSha256 } : { ok: false, error: 'no Rules value after applying the configuration' };
  }

  private async restart(serviceName: string): Promise<ActionOutcome> {
    const info = await this.options.ports.services.query(serviceName);
    if (!info) return { ok: false, error: `service ${serviceName} does not exist` };
    if (info.state !== 'running') await this.options.ports.services.start(serviceName);
    return { ok: true };
  }
}
