/**
 * Running a Sysmon binary on the simulated host: the documented command line
 * (-i, -c, -u, -d) with the effects a real install has (service and minifilter
 * driver, Rules under the driver's Parameters key, publisher and channel, event
 * 4/16) and the refusals that matter to an installer: a second install, a
 * config it rejects (BUG-17/18), and the protected 15.x service that neither an
 * in-place upgrade nor a newer binary's uninstall can stop (BUG-20).
 *
 * One run is one transaction: a refused command changes nothing.
 */
import {
  PlatformError,
  SYSMON_DEFAULT_DRIVER_NAME,
  SYSMON_DRIVER_ALTITUDE,
  SYSMON_OPERATIONAL_CHANNEL,
  SYSMON_PUBLISHER_GUID,
  canonicalWindowsPath,
  compareVersions,
  serviceImageFile,
  sysmonParametersKey,
  windowsBaseName,
  windowsPathKey,
  type SysmonCommandPort,
  type SysmonRunResult,
} from '@sysward/platform';
import type { SimStore } from '../db/sim-store';
import type { ChannelTables } from '../host/channel-tables';
import type { FileTables } from '../host/file-tables';
import type { RegistryTables } from '../host/registry-tables';
import type { Scm } from '../host/scm';
import { serviceKey } from '../host/service-registry';
import { decodeSimBinary, sha256Hex, type SimBinary } from '../host/sim-binary';
import { parseSysmonArguments, type SysmonInvocation } from './sysmon-argv';
import { checkSysmonConfig, decodeRules, encodeRules, hashingAlgorithmMask } from './sysmon-config';
import { SYSMON_CHANNEL_BYTES, type SysmonInstance, type SysmonRuntime } from './sysmon-runtime';
import { isProtectedSysmon, makeSysmonDriver, sysmonMaxSchema } from './sysmon-versions';

/** A run that ends with a non-zero exit code; thrown inside the transaction so that it rolls back. */
class SysmonExit extends Error {
  constructor(
    readonly exitCode: number,
    readonly text: string,
  ) {
    super(text);
  }
}

const EULA_KEY = 'HKCU\\Software\\Sysinternals\\System Monitor';
const PUBLISHER_KEY = `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WINEVT\\Publishers\\${SYSMON_PUBLISHER_GUID.toLowerCase()}`;
const CHANNEL_KEY = `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WINEVT\\Channels\\${SYSMON_OPERATIONAL_CHANNEL}`;
const DRIVER_INSTANCE = 'Sysmon Instance';

interface AcceptedConfig {
  path: string;
  hash: string;
  schemaVersion: string;
  hashAlgorithms: string;
  canonical: string;
}

export interface SysmonCommandDeps {
  store: SimStore;
  scm: Scm;
  registry: RegistryTables;
  files: FileTables;
  channels: ChannelTables;
  runtime: SysmonRuntime;
  now: () => number;
}

export class SimSysmonCommand implements SysmonCommandPort {
  constructor(private readonly deps: SysmonCommandDeps) {}

  async run(binaryPath: string, args: readonly string[]): Promise<SysmonRunResult> {
    const { store } = this.deps;
    store.takeFault('sysmon.run');
    const out: string[] = [];
    try {
      return store.write(() => {
        store.requirePower();
        const binary = decodeSimBinary(this.deps.files.require(binaryPath).content);
        if (!binary || binary.role !== 'sysmon') throw new SysmonExit(193, `${canonicalWindowsPath(binaryPath)} is not a Sysmon executable.`);
        out.push(`System Monitor v${binary.versionInfo.fileVersion} - System activity monitor`, 'Sysinternals - www.sysinternals.com (simulated)', '');
        this.execute(binaryPath, binary, parseSysmonArguments(args), out);
        return { exitCode: 0, stdout: out.join('\r\n') + '\r\n', stderr: '' };
      });
    } catch (error) {
      if (error instanceof SysmonExit) return { exitCode: error.exitCode, stdout: out.join('\r\n') + '\r\n', stderr: error.text + '\r\n' };
      throw error;
    }
  }

  private execute(binaryPath: string, binary: SimBinary, invocation: SysmonInvocation, out: string[]): void {
    const { registry } = this.deps;
    if (invocation.acceptEula) registry.setValue(EULA_KEY, 'EulaAccepted', { type: 'REG_DWORD', data: 1 });
    const eula = registry.getValue(EULA_KEY, 'EulaAccepted');
    if (invocation.action !== 'usage' && !(eula?.type === 'REG_DWORD' && eula.data === 1)) {
      throw new SysmonExit(1, 'This is the first run of this program. You must accept EULA to continue. Use -accepteula to accept EULA.');
    }
    const serviceName = windowsBaseName(binaryPath).replace(/\.exe$/i, '');
    const version = binary.versionInfo.fileVersion;
    switch (invocation.action) {
      case 'usage':
        if (invocation.error) throw new SysmonExit(87, `Error: ${invocation.error}\r\nUsage: ${serviceName} -accepteula -i [<configfile>] [-d <drivername>] | -c [<configfile>] | -u [force] | -s`);
        out.push(`Usage: ${serviceName} -accepteula -i [<configfile>] [-d <drivername>] | -c [<configfile>] | -u [force] | -s`);
        return;
      case 'schema':
        out.push(`<manifest schemaversion="${sysmonMaxSchema(version)}" binaryversion="${version}"/>`);
        return;
      case 'install':
        this.install(binaryPath, binary, serviceName, invocation.driverName ?? SYSMON_DEFAULT_DRIVER_NAME, invocation.config, out);
        return;
      case 'config':
        if (invocation.config === null) this.printConfig(serviceName, out);
        else this.applyConfig(serviceName, version, invocation.config, out);
        return;
      case 'uninstall':
        this.uninstall(binaryPath, serviceName, invocation.force, out);
        return;
    }
  }

  private install(binaryPath: string, binary: SimBinary, serviceName: string, driverName: string, configPath: string | null, out: string[]): void {
    const { scm, runtime } = this.deps;
    const version = binary.versionInfo.fileVersion;
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(driverName)) throw new SysmonExit(87, `Error: invalid driver name ${JSON.stringify(driverName)}.`);
    const config = configPath === null ? this.defaultConfig(version) : this.loadConfig(configPath, version);
    out.push(`Loading configuration file with schema version ${config.schemaVersion}`, 'Configuration file validated.');

    const existing = runtime.instance(serviceName);
    if (existing) {
      this.upgrade(binaryPath, binary, existing, configPath === null ? null : config, out);
      return;
    }
    const other = runtime.instances()[0];
    if (other) {
      throw new SysmonExit(
        1183,
        `Error: failed to load the driver ${driverName}: another minifilter (${other.driver}, service ${other.service}) is registered at altitude ${SYSMON_DRIVER_ALTITUDE}.`,
      );
    }
    for (const name of [serviceName, driverName]) {
      if (scm.query(name)) throw new SysmonExit(1073, `Error: the service ${name} already exists.`);
    }
    this.freshInstall(binaryPath, binary, serviceName, driverName, config, configPath !== null, out);
  }

  private freshInstall(binaryPath: string, binary: SimBinary, serviceName: string, driverName: string, config: AcceptedConfig, announceConfig: boolean, out: string[]): void {
    const { scm, registry, files, channels, runtime, now } = this.deps;
    const version = binary.versionInfo.fileVersion;
    const exePath = windowsPathKey(binaryPath).startsWith('c:\\windows\\') ? canonicalWindowsPath(binaryPath) : `C:\\Windows\\${serviceName}.exe`;
    if (windowsPathKey(exePath) !== windowsPathKey(binaryPath)) files.write(exePath, files.require(binaryPath).content);
    files.write(`C:\\Windows\\${driverName}.sys`, makeSysmonDriver(version));

    scm.create({ name: driverName, displayName: driverName, kind: 'kernel-driver', startType: 'boot', imagePath: `${driverName}.sys`, description: 'System Monitor driver' });
    const instances = `${serviceKey(driverName)}\\Instances`;
    registry.setValue(instances, 'DefaultInstance', { type: 'REG_SZ', data: DRIVER_INSTANCE });
    registry.setValue(`${instances}\\${DRIVER_INSTANCE}`, 'Altitude', { type: 'REG_SZ', data: SYSMON_DRIVER_ALTITUDE });
    registry.setValue(`${instances}\\${DRIVER_INSTANCE}`, 'Flags', { type: 'REG_DWORD', data: 0 });
    this.writeRules(driverName, config);
    scm.create({
      name: serviceName,
      displayName: serviceName,
      kind: 'own-process',
      startType: 'auto',
      imagePath: exePath,
      description: 'System Monitor service',
      launchProtected: isProtectedSysmon(version) ? 'antimalware-light' : 'none',
    });
    registry.setValue(PUBLISHER_KEY, '', { type: 'REG_SZ', data: 'Microsoft-Windows-Sysmon' });
    registry.setValue(PUBLISHER_KEY, 'MessageFileName', { type: 'REG_EXPAND_SZ', data: exePath });
    registry.setValue(CHANNEL_KEY, 'OwningPublisher', { type: 'REG_SZ', data: SYSMON_PUBLISHER_GUID.toLowerCase() });
    registry.setValue(CHANNEL_KEY, 'Enabled', { type: 'REG_DWORD', data: 1 });
    channels.ensure(SYSMON_OPERATIONAL_CHANNEL, SYSMON_CHANNEL_BYTES);
    const flavour = binary.versionInfo.companyName === 'Microsoft Corporation' ? 'inbox' : 'sysinternals';
    const instance: SysmonInstance = { service: serviceName, driver: driverName, version, kind: flavour, installedMs: now() };
    runtime.addInstance(instance);
    out.push(`${serviceName} installed.`, `${driverName} installed.`, `Starting ${driverName}.`);
    scm.start(driverName);
    out.push(`${driverName} started.`, `Starting ${serviceName}..`);
    scm.start(serviceName);
    out.push(`${serviceName} started.`);
    if (announceConfig) runtime.queueConfigChange(instance, config.path, config.hash);
  }

  /** Running a newer binary with -i over an installed Sysmon: refused while the installed one is protected (BUG-20). */
  private upgrade(binaryPath: string, binary: SimBinary, existing: SysmonInstance, config: AcceptedConfig | null, out: string[]): void {
    const { scm, files, runtime } = this.deps;
    const version = binary.versionInfo.fileVersion;
    const installed = runtime.runningVersion(existing);
    if (compareVersions(version, installed) <= 0) {
      throw new SysmonExit(1073, `${existing.service} is already registered (v${installed}). Uninstall it with -u before installing v${version}.`);
    }
    const service = scm.query(existing.service);
    if (!service) throw new SysmonExit(1060, `Error: the service ${existing.service} does not exist; uninstall with -u force first.`);
    if (isProtectedSysmon(installed)) {
      throw new SysmonExit(5, `Failed to stop ${existing.service} to upgrade it: Access is denied. Uninstall v${installed} with its own binary first.`);
    }
    out.push(`Upgrading ${existing.service} from v${installed} to v${version}.`);
    if (service.state === 'running') scm.stop(existing.service);
    files.write(serviceImageFile(service.imagePath, service.kind), files.require(binaryPath).content);
    const driver = scm.query(existing.driver);
    if (driver) files.write(serviceImageFile(driver.imagePath, driver.kind), makeSysmonDriver(version));
    if (config) this.writeRules(existing.driver, config);
    scm.setLaunchProtection(existing.service, isProtectedSysmon(version) ? 'antimalware-light' : 'none');
    const upgraded = { ...existing, version };
    runtime.addInstance(upgraded);
    if (driver && driver.state !== 'running') scm.start(existing.driver);
    scm.start(existing.service);
    out.push(`${existing.service} updated.`);
    if (config) runtime.queueConfigChange(upgraded, config.path, config.hash);
  }

  private applyConfig(serviceName: string, version: string, configPath: string, out: string[]): void {
    const instance = this.requireInstance(serviceName);
    const config = this.loadConfig(configPath, version);
    out.push(`Loading configuration file with schema version ${config.schemaVersion}`, 'Configuration file validated.');
    this.writeRules(instance.driver, config);
    this.deps.runtime.queueConfigChange(instance, config.path, config.hash);
    out.push('Configuration updated.');
  }

  private printConfig(serviceName: string, out: string[]): void {
    const instance = this.requireInstance(serviceName);
    const { registry } = this.deps;
    const key = sysmonParametersKey(instance.driver);
    const text = (name: string): string => {
      const v = registry.getValue(key, name);
      return v && (v.type === 'REG_SZ' || v.type === 'REG_EXPAND_SZ') ? v.data : '';
    };
    const rules = registry.getValue(key, 'Rules');
    const decoded = rules?.type === 'REG_BINARY' ? decodeRules(rules.data) : null;
    out.push(
      'Current configuration:',
      ` - Service name:                  ${instance.service}`,
      ` - Driver name:                   ${instance.driver}`,
      ` - Config file:                   ${text('ConfigFile')}`,
      ` - Config hash:                   ${text('ConfigHash')}`,
      ` - Rules SHA256:                  ${rules?.type === 'REG_BINARY' ? sha256Hex(rules.data).toUpperCase() : '(none)'}`,
      '',
      decoded ? `Rule configuration (version ${decoded.schemaVersion}):` : 'Rule configuration: (unreadable Rules value)',
      decoded ? decoded.canonical : '',
    );
  }

  private uninstall(binaryPath: string, serviceName: string, force: boolean, out: string[]): void {
    const { scm, files, registry, channels, runtime } = this.deps;
    const instance = runtime.instance(serviceName);
    if (!instance) throw new SysmonExit(1060, `${serviceName} is not installed.`);
    const service = scm.query(instance.service);
    if (service && service.launchProtected !== 'none') {
      const installedImage = files.get(serviceImageFile(service.imagePath, service.kind));
      if (!installedImage || installedImage.sha256 !== files.require(binaryPath).sha256) {
        throw new SysmonExit(5, `Failed to stop ${instance.service}: Access is denied. (It is a protected process; uninstall it with the binary it was installed with.)`);
      }
    }
    const driver = scm.query(instance.driver);
    if (!service && !force) throw new SysmonExit(1060, `Error: the service ${instance.service} does not exist. Use -u force to remove what is left.`);
    if (service) {
      if (service.state === 'running') {
        out.push(`Stopping ${instance.service}.`);
        scm.stop(instance.service, { force: true });
      }
      scm.delete(instance.service, { force: true });
      files.delete(serviceImageFile(service.imagePath, service.kind));
      out.push(`${instance.service} removed.`);
    }
    if (driver) {
      if (driver.state === 'running' && this.deps.store.takeBehaviourFault('sysmon.driver-unload')) {
        scm.delete(instance.driver, { force: true });
        out.push(`${instance.driver} could not be unloaded; it will be removed at the next reboot.`);
      } else {
        if (driver.state === 'running') scm.stop(instance.driver, { force: true });
        scm.delete(instance.driver, { force: true });
        files.delete(serviceImageFile(driver.imagePath, driver.kind));
        out.push(`${instance.driver} removed.`);
      }
    }
    // Sysmon's last events (its Stopped event 4) reach the channel before the publisher goes.
    runtime.pump(Number.MAX_SAFE_INTEGER);
    for (const key of [PUBLISHER_KEY, CHANNEL_KEY]) if (registry.keyExists(key)) registry.deleteKey(key, true);
    channels.unregister(SYSMON_OPERATIONAL_CHANNEL);
    runtime.removeInstance(instance.service);
  }

  private requireInstance(serviceName: string): SysmonInstance {
    const instance = this.deps.runtime.instance(serviceName);
    if (!instance) throw new SysmonExit(1060, `${serviceName} is not installed.`);
    return instance;
  }

  private loadConfig(path: string, version: string): AcceptedConfig {
    let bytes: Buffer;
    try {
      bytes = this.deps.files.require(path).content;
    } catch (error) {
      if (error instanceof PlatformError) throw new SysmonExit(2, `Error: failed to open configuration file ${path}: the system cannot find the file specified.`);
      throw error;
    }
    const verdict = checkSysmonConfig(bytes.toString('utf8'), version);
    if (!verdict.ok) throw new SysmonExit(87, `${verdict.message}\r\nConfiguration file ${path} is invalid.`);
    return { path: canonicalWindowsPath(path), hash: `SHA256=${sha256Hex(bytes).toUpperCase()}`, ...verdict };
  }

  private defaultConfig(version: string): AcceptedConfig {
    const schema = sysmonMaxSchema(version);
    return { path: '', hash: '', schemaVersion: schema, hashAlgorithms: 'SHA1', canonical: `<Sysmon schemaversion="${schema}"></Sysmon>` };
  }

  private writeRules(driverName: string, config: AcceptedConfig): void {
    const { registry } = this.deps;
    const key = sysmonParametersKey(driverName);
    registry.setValue(key, 'Rules', { type: 'REG_BINARY', data: encodeRules(config.schemaVersion, config.canonical) });
    registry.setValue(key, 'HashingAlgorithm', { type: 'REG_DWORD', data: hashingAlgorithmMask(config.hashAlgorithms) });
    registry.setValue(key, 'Options', { type: 'REG_DWORD', data: 0 });
    registry.setValue(key, 'ConfigFile', { type: 'REG_SZ', data: config.path });
    registry.setValue(key, 'ConfigHash', { type: 'REG_SZ', data: config.hash });
  }
}
