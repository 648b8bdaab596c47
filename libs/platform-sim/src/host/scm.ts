/**
 * The Service Control Manager's rules, synchronous, for use inside the store's
 * transactions: the port, Sysmon's installer and the boot sequence all go
 * through here, so they agree on what a protected or delete-pending service
 * allows. `force` is the sim's god mode (tamper commands), which ignores
 * launch protection the way a kernel-level attacker would.
 */
import { PlatformError, serviceImageFile, type ServiceChange, type ServiceInfo, type ServiceSpec, type ServiceState } from '@sysward/platform';
import type { SimStore } from '../db/sim-store';
import type { FileTables } from './file-tables';
import type { RegistryTables } from './registry-tables';
import { SERVICES_KEY, serviceFromRegistry, serviceKey, serviceToRegistry } from './service-registry';

interface ServiceRow {
  name_key: string;
  name: string;
  display_name: string;
  kind: ServiceInfo['kind'];
  start_type: ServiceInfo['startType'];
  image_path: string;
  description: string | null;
  launch_protected: ServiceInfo['launchProtected'];
  state: ServiceState;
  pid: number | null;
  exit_code: number;
  delete_pending: number;
}

/** Who wants to know when services start and stop (Sysmon writes its event 4). */
export interface ScmObserver {
  started(service: ServiceInfo): void;
  /** `service` as it was while running (with its pid); graceful: stopped through the SCM, not killed. */
  stopped(service: ServiceInfo, graceful: boolean): void;
}

export interface ScmOptions {
  force?: boolean;
}

const isDriverKind = (kind: ServiceInfo['kind']): boolean => kind === 'kernel-driver' || kind === 'file-system-driver';

function toInfo(row: ServiceRow): ServiceInfo {
  return {
    name: row.name,
    displayName: row.display_name,
    kind: row.kind,
    startType: row.start_type,
    imagePath: row.image_path,
    description: row.description,
    launchProtected: row.launch_protected,
    state: row.state,
    pid: row.pid,
    exitCode: row.exit_code,
    deletePending: row.delete_pending === 1,
  };
}

function fail(code: ConstructorParameters<typeof PlatformError>[0], errno: number, message: string): PlatformError {
  return new PlatformError(code, message, { errno });
}

export class Scm {
  private readonly observers: ScmObserver[] = [];

  constructor(
    private readonly store: SimStore,
    private readonly registry: RegistryTables,
    private readonly files: FileTables,
  ) {}

  observe(observer: ScmObserver): void {
    this.observers.push(observer);
  }

  private get db() {
    return this.store.db;
  }

  query(name: string): ServiceInfo | null {
    const row = this.db.prepare('SELECT * FROM services WHERE name_key = ?').get(name.toLowerCase()) as ServiceRow | undefined;
    return row ? toInfo(row) : null;
  }

  list(): ServiceInfo[] {
    return (this.db.prepare('SELECT * FROM services ORDER BY name_key').all() as ServiceRow[]).map(toInfo);
  }

  create(spec: ServiceSpec): void {
    if (typeof spec.name !== 'string' || spec.name === '' || spec.name.length > 256 || /[\\/]/.test(spec.name)) {
      throw fail('INVALID_ARGUMENT', 123, `invalid service name ${JSON.stringify(spec.name)}`);
    }
    const existing = this.query(spec.name);
    if (existing?.deletePending) throw fail('MARKED_FOR_DELETE', 1072, `service ${existing.name} is marked for deletion`);
    if (existing) throw fail('ALREADY_EXISTS', 1073, `service ${existing.name} already exists`);
    const full = {
      name: spec.name,
      displayName: spec.displayName ?? spec.name,
      kind: spec.kind,
      startType: spec.startType,
      imagePath: spec.imagePath,
      description: spec.description ?? null,
      launchProtected: spec.launchProtected ?? 'none',
    };
    this.insertRow(full);
    for (const [value, data] of serviceToRegistry(full)) this.registry.setValue(serviceKey(full.name), value, data);
  }

  change(name: string, change: ServiceChange, options: ScmOptions = {}): void {
    const info = this.requireMutable(name, options, 'change');
    const next = {
      name: info.name,
      displayName: change.displayName ?? info.displayName,
      kind: info.kind,
      startType: change.startType ?? info.startType,
      imagePath: change.imagePath ?? info.imagePath,
      description: change.description === undefined ? info.description : change.description,
      launchProtected: info.launchProtected,
    };
    this.db
      .prepare('UPDATE services SET display_name = ?, start_type = ?, image_path = ?, description = ? WHERE name_key = ?')
      .run(next.displayName, next.startType, next.imagePath, next.description, info.name.toLowerCase());
    for (const [value, data] of serviceToRegistry(next)) this.registry.setValue(serviceKey(info.name), value, data);
    if (next.description === null && this.registry.getValue(serviceKey(info.name), 'Description')) this.registry.deleteValue(serviceKey(info.name), 'Description');
  }

  delete(name: string, options: ScmOptions = {}): void {
    const info = this.requireMutable(name, options, 'delete');
    if (info.state === 'stopped') {
      this.remove(info.name);
      return;
    }
    this.db.prepare('UPDATE services SET delete_pending = 1 WHERE name_key = ?').run(info.name.toLowerCase());
    this.registry.setValue(serviceKey(info.name), 'DeleteFlag', { type: 'REG_DWORD', data: 1 });
  }

  start(name: string): ServiceInfo {
    const info = this.require(name);
    if (info.deletePending) throw fail('MARKED_FOR_DELETE', 1072, `service ${info.name} is marked for deletion`);
    if (info.startType === 'disabled') throw fail('INVALID_STATE', 1058, `service ${info.name} is disabled`);
    if (info.state !== 'stopped') throw fail('INVALID_STATE', 1056, `service ${info.name} is already running`);
    const image = serviceImageFile(info.imagePath, info.kind);
    if (!this.files.get(image)) {
      this.db.prepare('UPDATE services SET exit_code = 2 WHERE name_key = ?').run(info.name.toLowerCase());
      throw fail('NOT_FOUND', 2, `service ${info.name} cannot start: its image ${image} does not exist`);
    }
    const pid = isDriverKind(info.kind) ? null : this.nextPid();
    this.db.prepare("UPDATE services SET state = 'running', pid = ?, exit_code = 0 WHERE name_key = ?").run(pid, info.name.toLowerCase());
    const started = this.query(info.name)!;
    for (const o of this.observers) o.started(started);
    return started;
  }

  stop(name: string, options: ScmOptions = {}): void {
    const info = this.require(name);
    if (info.state !== 'running') throw fail('INVALID_STATE', 1062, `service ${info.name} is not running`);
    if (info.launchProtected !== 'none' && !options.force) throw fail('ACCESS_DENIED', 5, `service ${info.name} is a protected process: access is denied`);
    this.halt(info, 0, true);
  }

  /** What an installer running as the protected service's own binary may change (Sysmon's upgrade path). */
  setLaunchProtection(name: string, protection: ServiceInfo['launchProtected']): void {
    const info = this.require(name);
    this.db.prepare('UPDATE services SET launch_protected = ? WHERE name_key = ?').run(protection, info.name.toLowerCase());
    for (const [value, data] of serviceToRegistry({ ...info, launchProtected: protection })) this.registry.setValue(serviceKey(info.name), value, data);
    if (protection === 'none' && this.registry.getValue(serviceKey(info.name), 'LaunchProtected')) this.registry.deleteValue(serviceKey(info.name), 'LaunchProtected');
  }

  /** Ends the service's process without asking it (TerminateProcess, a kill, a crash): exit 1067. */
  terminate(name: string): void {
    const info = this.require(name);
    if (info.state !== 'running') throw fail('INVALID_STATE', 1062, `service ${info.name} is not running`);
    this.halt(info, 1067, false);
  }

  /** The services' processes end with the host (no goodbye), and the SCM forgets its pids. */
  powerLoss(): void {
    this.db.prepare("UPDATE services SET state = 'stopped', pid = NULL WHERE state <> 'stopped'").run();
  }

  /** Clean shutdown: every running service is asked to stop, protected ones included. */
  shutdownAll(): void {
    for (const info of this.list()) if (info.state === 'running') this.halt(info, 0, true);
  }

  /**
   * What the SCM does at boot: forget delete-pending services (and their keys),
   * reload every service from the registry (so registry edits take effect now),
   * then start boot, system and auto services whose image exists.
   */
  boot(): void {
    for (const info of this.list()) if (info.deletePending && this.registry.keyExists(serviceKey(info.name))) this.registry.deleteKey(serviceKey(info.name), true);
    this.db.prepare('DELETE FROM services').run();
    for (const name of this.registry.keyExists(SERVICES_KEY) ? this.registry.listSubkeys(SERVICES_KEY) : []) {
      const spec = serviceFromRegistry(name, this.registry.values(serviceKey(name)));
      if (spec) this.insertRow(spec);
    }
    const order = ['boot', 'system', 'auto'] as const;
    for (const startType of order) {
      for (const info of this.list().filter((s) => s.startType === startType)) {
        try {
          this.start(info.name);
        } catch {
          // A service that cannot start at boot stays stopped with its exit code, as on Windows.
        }
      }
    }
  }

  /** Whether `path` is the image of a running service (open files cannot be deleted or replaced). */
  isImageInUse(path: string): boolean {
    const wanted = path.toLowerCase();
    return this.list().some((s) => s.state === 'running' && serviceImageFile(s.imagePath, s.kind).toLowerCase() === wanted);
  }

  private halt(info: ServiceInfo, exitCode: number, graceful: boolean): void {
    this.db.prepare("UPDATE services SET state = 'stopped', pid = NULL, exit_code = ? WHERE name_key = ?").run(exitCode, info.name.toLowerCase());
    for (const o of this.observers) o.stopped(info, graceful);
    if (info.deletePending) this.remove(info.name);
  }

  private remove(name: string): void {
    this.db.prepare('DELETE FROM services WHERE name_key = ?').run(name.toLowerCase());
    if (this.registry.keyExists(serviceKey(name))) this.registry.deleteKey(serviceKey(name), true);
  }

  private require(name: string): ServiceInfo {
    const info = this.query(name);
    if (!info) throw fail('NOT_FOUND', 1060, `service ${JSON.stringify(name)} does not exist`);
    return info;
  }

  private requireMutable(name: string, options: ScmOptions, what: string): ServiceInfo {
    const info = this.require(name);
    if (info.launchProtected !== 'none' && !options.force) throw fail('ACCESS_DENIED', 5, `cannot ${what} ${info.name}: it is a protected process`);
    if (info.deletePending) throw fail('MARKED_FOR_DELETE', 1072, `service ${info.name} is marked for deletion`);
    return info;
  }

  private insertRow(spec: { name: string; displayName: string; kind: ServiceInfo['kind']; startType: ServiceInfo['startType']; imagePath: string; description: string | null; launchProtected: ServiceInfo['launchProtected'] }): void {
    this.db
      .prepare(
        'INSERT INTO services (name_key, name, display_name, kind, start_type, image_path, description, launch_protected, state, pid, exit_code, delete_pending) ' +
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'stopped', NULL, 0, 0)",
      )
      .run(spec.name.toLowerCase(), spec.name, spec.displayName, spec.kind, spec.startType, spec.imagePath, spec.description, spec.launchProtected);
  }

  private nextPid(): number {
    return 1000 + 4 * this.store.bump('pid.counter');
  }
}
