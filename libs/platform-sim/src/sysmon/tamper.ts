/**
 * What an operator, an attacker or another tool does to Sysmon behind the
 * agent's back (R-INS-2, R-INS-4, R-INS-5, BUG-20/21). These act with the
 * rights of a kernel-level actor: launch protection does not stop them unless
 * the action goes through the SCM on purpose (stopSysmon with viaScm).
 */
import {
  PlatformError,
  SYSMON_OPERATIONAL_CHANNEL,
  serviceImageFile,
  sysmonParametersKey,
  type StartType,
} from '@sysward/platform';
import type { SimStore } from '../db/sim-store';
import type { FileTables } from '../host/file-tables';
import type { RegistryTables } from '../host/registry-tables';
import type { Scm } from '../host/scm';
import { decodeSimBinary, encodeSimBinary, payloadFor } from '../host/sim-binary';
import type { OsTables } from '../host/sim-os-info';
import { INBOX_SYSMON_MIN_BUILD } from '../host/windows-releases';
import type { SimSysmonCommand } from './sim-sysmon-command';
import { decodeRules, encodeRules } from './sysmon-config';
import type { SysmonInstance, SysmonRuntime } from './sysmon-runtime';
import { makeSysmonBinary, sysmonMaxSchema } from './sysmon-versions';

export type ForeignKind = 'standard' | 'renamed' | 'inbox';

export interface TamperParts {
  store: SimStore;
  scm: Scm;
  registry: RegistryTables;
  files: FileTables;
  os: OsTables;
  runtime: SysmonRuntime;
  command: SimSysmonCommand;
}

export interface ForeignInstall {
  kind: ForeignKind;
  version: string;
  service?: string;
  driver?: string;
}

export class SimTamper {
  constructor(private readonly parts: TamperParts) {}

  /** Installs a Sysmon that Sysward did not install, through the simulated Sysmon command line. */
  async installForeignSysmon(options: ForeignInstall): Promise<SysmonInstance> {
    const { store, files, os, runtime, command } = this.parts;
    const plan = store.write(() => {
      store.requirePower();
      const schema = sysmonMaxSchema(options.version);
      let binary: string;
      if (options.kind === 'inbox') {
        const build = os.read().build;
        if (build < INBOX_SYSMON_MIN_BUILD) {
          throw new PlatformError('NOT_SUPPORTED', `the inbox Sysmon is an optional feature of Windows builds ${INBOX_SYSMON_MIN_BUILD} and later (Windows 11 24H2, Server 2025); this host is build ${build} (use sim set-os)`);
        }
        os.setFeature('Sysmon', 'enabled');
        binary = `C:\\Windows\\System32\\${options.service ?? 'Sysmon'}.exe`;
        files.write(binary, makeSysmonBinary(options.version, { flavour: 'inbox' }));
      } else {
        const service = options.service ?? (options.kind === 'renamed' ? 'HealthMon' : 'Sysmon64');
        binary = `C:\\Tools\\Sysmon\\${service}.exe`;
        files.write(binary, makeSysmonBinary(options.version));
      }
      const config = 'C:\\Tools\\Sysmon\\foreign-config.xml';
      files.write(config, Buffer.from(`<Sysmon schemaversion="${schema}">\r\n  <HashAlgorithms>SHA256</HashAlgorithms>\r\n  <EventFiltering/>\r\n</Sysmon>\r\n`));
      const driver = options.driver ?? (options.kind === 'renamed' ? 'HlthDrv' : undefined);
      return { binary, config, driver };
    });
    const args = ['-accepteula', '-i', plan.config, ...(plan.driver ? ['-d', plan.driver] : [])];
    const result = await command.run(plan.binary, args);
    if (result.exitCode !== 0) throw new PlatformError('INVALID_STATE', `the foreign Sysmon did not install (exit ${result.exitCode}): ${result.stderr.trim()}`);
    const service = plan.binary.slice(plan.binary.lastIndexOf('\\') + 1).replace(/\.exe$/i, '');
    return store.read(() => runtime.instance(service)!);
  }

  /** Replaces the applied rules. Through the registry nothing is logged; through Sysmon (-c) event 16 is. */
  async tamperConfig(options: { service?: string; viaSysmon?: boolean } = {}): Promise<string> {
    const { store, registry, files, scm, command } = this.parts;
    const target = store.read(() => {
      const instance = this.findSysmon(options.service);
      const key = sysmonParametersKey(instance.driver);
      const current = registry.getValue(key, 'Rules');
      const decoded = current?.type === 'REG_BINARY' ? decodeRules(current.data) : null;
      const service = scm.query(instance.service);
      return { instance, key, schema: decoded?.schemaVersion ?? sysmonMaxSchema(instance.version), image: service ? serviceImageFile(service.imagePath, service.kind) : null };
    });
    const count = store.write(() => store.bump('counter.config_tampers'));
    const canonical = `<Sysmon schemaversion="${target.schema}"><EventFiltering><ProcessCreate onmatch="include"/></EventFiltering><!--tampered ${count}--></Sysmon>`;
    if (!options.viaSysmon) {
      store.write(() => registry.setValue(target.key, 'Rules', { type: 'REG_BINARY', data: encodeRules(target.schema, canonical) }));
      return `${target.key}\\Rules rewritten in the registry (no event 16)`;
    }
    if (!target.image) throw new PlatformError('NOT_FOUND', `${target.instance.service} has no service to run -c with`);
    const config = 'C:\\Windows\\Temp\\tampered-sysmon.xml';
    store.write(() => files.write(config, Buffer.from(canonical.replace(`<!--tampered ${count}-->`, `<RuleGroup name="tampered-${count}" groupRelation="or"/>`))));
    const result = await command.run(target.image, ['-accepteula', '-c', config]);
    if (result.exitCode !== 0) throw new PlatformError('INVALID_STATE', `sysmon -c failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
    return `${target.instance.service} -c ${config} applied (event 16 logged)`;
  }

  /** Rewrites the service (or driver) binary: another hash, and another version when asked. */
  tamperBinary(options: { service?: string; driver?: boolean; version?: string } = {}): string {
    const { store, scm, files } = this.parts;
    return store.write(() => {
      store.requirePower();
      const instance = this.findSysmon(options.service);
      const name = options.driver ? instance.driver : instance.service;
      const info = scm.query(name);
      if (!info) throw new PlatformError('NOT_FOUND', `service ${name} does not exist`);
      const path = serviceImageFile(info.imagePath, info.kind);
      const current = decodeSimBinary(files.require(path).content);
      if (!current) throw new PlatformError('INVALID_STATE', `${path} is not a binary the sim can rewrite`);
      const count = store.bump('counter.binary_tampers');
      const versionInfo = options.version ? { ...current.versionInfo, fileVersion: options.version, productVersion: options.version } : current.versionInfo;
      files.write(path, encodeSimBinary({ role: current.role, versionInfo, payload: payloadFor(`tampered ${path} ${count}`) }));
      return `${path} replaced (version ${versionInfo.fileVersion}, new hash)`;
    });
  }

  tamperService(options: { service?: string; driver?: boolean; startType?: StartType; imagePath?: string; delete?: boolean }): string {
    const { store, scm } = this.parts;
    return store.write(() => {
      store.requirePower();
      const instance = this.findSysmon(options.service);
      const name = options.driver ? instance.driver : instance.service;
      const info = scm.query(name);
      if (!info) throw new PlatformError('NOT_FOUND', `service ${name} does not exist`);
      if (options.delete) {
        if (info.state === 'running') scm.terminate(name);
        if (!info.deletePending) scm.delete(name, { force: true });
        return `${name} terminated and deleted`;
      }
      const change: { startType?: StartType; imagePath?: string } = {};
      if (options.startType) change.startType = options.startType;
      if (options.imagePath) change.imagePath = options.imagePath;
      if (Object.keys(change).length === 0) throw new PlatformError('INVALID_ARGUMENT', 'say what to change: a start type, an image path, or delete');
      scm.change(name, change, { force: true });
      return `${name}: ${Object.entries(change).map(([k, v]) => `${k} = ${v}`).join(', ')}`;
    });
  }

  /**
   * Stops Sysmon. By default its process is killed (exit 1067, no event 4);
   * viaScm asks the SCM, which a protected 15.x refuses (BUG-20).
   */
  stopSysmon(options: { service?: string; viaScm?: boolean; driver?: boolean } = {}): string {
    const { store, scm } = this.parts;
    return store.write(() => {
      store.requirePower();
      const instance = this.findSysmon(options.service);
      const done: string[] = [];
      const service = scm.query(instance.service);
      if (service?.state === 'running') {
        if (options.viaScm) scm.stop(instance.service);
        else scm.terminate(instance.service);
        done.push(options.viaScm ? `${instance.service} stopped through the SCM` : `${instance.service} terminated (exit 1067)`);
      }
      if (options.driver && scm.query(instance.driver)?.state === 'running') {
        scm.stop(instance.driver, { force: true });
        done.push(`${instance.driver} unloaded`);
      }
      if (done.length === 0) throw new PlatformError('INVALID_STATE', `${instance.service} is not running`);
      return done.join('; ');
    });
  }

  /** The Sysmon install to act on: the named one, or the only one. */
  findSysmon(service?: string): SysmonInstance {
    const all = this.parts.runtime.instances();
    if (service) {
      const found = all.find((i) => i.service.toLowerCase() === service.toLowerCase() || i.driver.toLowerCase() === service.toLowerCase());
      if (!found) throw new PlatformError('NOT_FOUND', `no Sysmon install with service or driver ${JSON.stringify(service)}`);
      return found;
    }
    if (all.length === 0) throw new PlatformError('NOT_FOUND', `no Sysmon is installed on the simulated host (the ${SYSMON_OPERATIONAL_CHANNEL} writer is absent)`);
    return all[0];
  }
}
