/**
 * An in-memory Windows host with just enough Sysmon behaviour for the journal tests:
 * install, the protected 15.x uninstall refusals of BUG-20, key removal effective at
 * reboot, a driver that outlives its service until reboot, config apply, restart.
 * The executor can "die" before or after the effect of a chosen host step.
 */
import {
  formatOwnershipMarker,
  ownershipFromHost,
  type ActionExecutor,
  type ActionOutcome,
  type HostAction,
  type HostObserver,
  type ObservedHost,
  type ObservedSysmonInstall,
  type StartType,
  type UninstallMethod,
  type RunState,
} from '../../src';
import { binarySha, BOOT, driver, rulesSha, sha } from './builders';

interface FakeService {
  name: string;
  imagePath: string;
  startType: StartType;
  state: RunState;
  version: string;
  sha256: string;
  marker: string | null;
}

interface FakeDriver {
  name: string;
  state: RunState;
}

export interface HostBehaviour {
  /** Uninstall methods that get "access denied" (protected process, BUG-20). */
  refuse: Set<UninstallMethod>;
  /** An uninstall leaves the driver loaded until the next boot. */
  driverLingers: boolean;
}

export class FakeHost implements HostObserver {
  service: FakeService | null = null;
  driver: FakeDriver | null = null;
  rules: string | null = null;
  channelPresent = false;
  lastBootAtMs = BOOT;
  uncleanShutdowns: ObservedHost['uncleanShutdowns'] = [];
  removeAtReboot = false;
  notifications: string[] = [];
  readonly behaviour: HostBehaviour = { refuse: new Set(), driverLingers: false };

  static withOurs(version: string, configSha: string): FakeHost {
    const h = new FakeHost();
    h.install(version, configSha);
    return h;
  }

  install(version: string, configSha: string): void {
    this.service = {
      name: 'Sysmon64',
      imagePath: 'C:\\Windows\\Sysmon64.exe',
      startType: 'auto',
      state: 'running',
      version,
      sha256: binarySha(version),
      marker: formatOwnershipMarker('agent-0001'),
    };
    this.driver = { name: 'SysmonDrv', state: 'running' };
    this.rules = rulesSha(configSha, version);
    this.channelPresent = true;
  }

  reboot(atMs: number, unclean = false): void {
    this.lastBootAtMs = atMs;
    this.uncleanShutdowns = unclean ? [{ source: 'bugcheck-1001', atMs: atMs - 60_000 }] : [];
    if (this.removeAtReboot || (this.service === null && this.driver !== null)) {
      this.service = null;
      this.driver = null;
      this.rules = null;
      this.removeAtReboot = false;
    }
  }

  async observe(): Promise<ObservedHost> {
    return this.snapshot();
  }

  snapshot(): ObservedHost {
    const installs: ObservedSysmonInstall[] = [];
    if (this.service || this.driver) {
      const s = this.service;
      installs.push({
        service: s && {
          name: s.name,
          imagePath: s.imagePath,
          startType: s.startType,
          state: s.state,
          binaryVersion: s.version,
          binarySha256: s.sha256,
          ownershipMarker: s.marker,
        },
        driver: this.driver && driver({ name: this.driver.name, state: this.driver.state }),
        inbox: false,
        appliedRulesSha256: this.rules,
      });
    }
    return {
      osVersion: '10.0.20348',
      lastBootAtMs: this.lastBootAtMs,
      installs,
      uncleanShutdowns: this.uncleanShutdowns,
      pendingReboot: this.removeAtReboot || (this.service === null && this.driver !== null),
      channelPresent: this.channelPresent,
    };
  }

  /** What a test compares: the host as an operator would describe it. */
  summary(): string {
    const s = this.service;
    const parts = [
      s ? `service ${s.name} ${s.version} ${s.state} ${s.startType}${s.marker ? ' marked' : ''}` : 'no service',
      this.driver ? `driver ${this.driver.name}` : 'no driver',
      `rules ${this.rules === null ? 'none' : this.rules.slice(0, 8)}`,
      this.removeAtReboot ? 'removal pending' : '',
    ];
    return parts.filter(Boolean).join(', ');
  }
}

export class KilledError extends Error {
  override readonly name = 'KilledError';
}

export interface KillPoint {
  /** 0-based index among host actions executed by this executor. */
  step: number;
  when: 'before-effect' | 'after-effect';
}

export class FakeExecutor implements ActionExecutor {
  private count = 0;
  readonly executed: string[] = [];

  constructor(
    private readonly host: FakeHost,
    private readonly now: () => number,
    private readonly kill: KillPoint | null = null,
  ) {}

  async execute(action: HostAction): Promise<ActionOutcome> {
    const step = this.count++;
    if (this.kill?.step === step && this.kill.when === 'before-effect') throw new KilledError(`killed before step ${step}`);
    const outcome = this.apply(action);
    this.executed.push(`${action.kind}${outcome.ok ? '' : ' (failed)'}`);
    if (this.kill?.step === step && this.kill.when === 'after-effect') throw new KilledError(`killed after step ${step}`);
    return outcome;
  }

  private apply(action: HostAction): ActionOutcome {
    const host = this.host;
    switch (action.kind) {
      case 'notify-monitor':
        host.notifications.push(`${action.phase} ${action.operation}`);
        return { ok: true };
      case 'install': {
        if (host.service || host.driver) return { ok: false, error: 'Sysmon is already installed' };
        host.install(action.version, action.configSha256);
        const ownership = ownershipFromHost(host.snapshot(), this.now());
        return ownership ? { ok: true, ownership, rulesSha256: host.rules ?? undefined } : { ok: false, error: 'install left no marked service' };
      }
      case 'uninstall': {
        if (host.behaviour.refuse.has(action.using)) return { ok: false, error: 'Access is denied. (5)' };
        host.service = null;
        if (!host.behaviour.driverLingers) host.driver = null;
        host.rules = null;
        return { ok: true, rebootRequired: host.driver !== null };
      }
      case 'remove-at-reboot':
        if (host.service) host.service.marker = null;
        host.removeAtReboot = true;
        return { ok: true };
      case 'apply-config': {
        if (!host.service) return { ok: false, error: 'Sysmon is not installed' };
        host.rules = rulesSha(action.configSha256, action.version);
        return { ok: true, rulesSha256: host.rules };
      }
      case 'restart-service':
        if (!host.service) return { ok: false, error: 'no such service' };
        host.service.state = 'running';
        return { ok: true };
    }
  }
}

export const TAMPERED_SHA = sha('patched Sysmon64.exe');
