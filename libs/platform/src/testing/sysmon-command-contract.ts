import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { PlatformPorts } from '../platform-ports';
import { serviceImageFile } from '../service-image-path';
import { SysmonCli } from '../sysmon-cli';
import { SYSMON_DRIVER_ALTITUDE, SYSMON_OPERATIONAL_CHANNEL, sysmonParametersKey } from '../sysmon-command';
import { expectPlatformError } from './expect-platform-error';

export interface SysmonCommandSubject {
  ports: Pick<PlatformPorts, 'sysmon' | 'services' | 'registry' | 'files' | 'channels'>;
  /** Paths of Sysmon64.exe builds on a host without Sysmon; v15Newer is a later 15.x. */
  binaries: { v14?: string; v15: string; v15Newer: string };
  /** Two valid configurations with different rules, and one Sysmon rejects. */
  config: string;
  otherConfig: string;
  badConfig: string;
  dispose?(): Promise<void> | void;
}

const SERVICE = 'Sysmon64';
const DRIVER = 'SysmonDrv';

export function describeSysmonCommandContract(name: string, factory: () => Promise<SysmonCommandSubject> | SysmonCommandSubject): void {
  describe(`${name} obeys the SysmonCommandPort contract`, () => {
    let subject: SysmonCommandSubject;
    let cli: SysmonCli;

    beforeEach(async () => {
      subject = await factory();
      cli = new SysmonCli(subject.ports.sysmon);
    });
    afterEach(async () => {
      const installed = await subject.ports.services.query(SERVICE).catch(() => null);
      if (installed) await cli.uninstall(serviceImageFile(installed.imagePath, installed.kind)).catch(() => undefined);
      await subject.dispose?.();
    });

    const rules = async (driver = DRIVER): Promise<Buffer | null> => {
      const value = await subject.ports.registry.getValue(sysmonParametersKey(driver), 'Rules');
      return value?.type === 'REG_BINARY' ? Buffer.from(value.data) : null;
    };

    it('install puts a running service and minifilter driver, the Rules value and the channel in place', async () => {
      await cli.install(subject.binaries.v15, subject.config);
      const { services, registry, channels } = subject.ports;
      expect(await services.query(SERVICE)).toMatchObject({ kind: 'own-process', startType: 'auto', state: 'running', launchProtected: 'antimalware-light' });
      expect(await services.query(DRIVER)).toMatchObject({ kind: 'kernel-driver', state: 'running' });
      expect((await rules())?.length).toBeGreaterThan(0);
      const instances = `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${DRIVER}\\Instances`;
      const [instance] = await registry.listSubkeys(instances);
      expect(await registry.getValue(`${instances}\\${instance}`, 'Altitude')).toEqual({ type: 'REG_SZ', data: SYSMON_DRIVER_ALTITUDE });
      expect((await channels.info(SYSMON_OPERATIONAL_CHANNEL)).channel).toBe(SYSMON_OPERATIONAL_CHANNEL);
      expect(await cli.printConfig(subject.binaries.v15)).not.toBe('');
    });

    it('R-INS-5: applying a config changes Rules; re-applying the first gives the same bytes again', async () => {
      await cli.install(subject.binaries.v15, subject.config);
      const first = await rules();
      await cli.applyConfig(subject.binaries.v15, subject.otherConfig);
      const second = await rules();
      expect(second?.equals(first!)).toBe(false);
      await cli.applyConfig(subject.binaries.v15, subject.config);
      expect((await rules())?.equals(first!)).toBe(true);
    });

    it('a configuration Sysmon rejects installs nothing (INVALID_ARGUMENT)', async () => {
      await expectPlatformError(cli.install(subject.binaries.v15, subject.badConfig), 'INVALID_ARGUMENT');
      expect(await subject.ports.services.query(SERVICE)).toBeNull();
      expect(await subject.ports.services.query(DRIVER)).toBeNull();
    });

    it('applying or printing a config without an installed Sysmon is NOT_FOUND', async () => {
      await expectPlatformError(cli.applyConfig(subject.binaries.v15, subject.config), 'NOT_FOUND');
    });

    it('a second install of the same version is ALREADY_EXISTS', async () => {
      await cli.install(subject.binaries.v15, subject.config);
      await expectPlatformError(cli.install(subject.binaries.v15, subject.config), 'ALREADY_EXISTS');
    });

    it('BUG-20: a protected 15.x refuses stop, in-place upgrade and uninstall by a newer binary; its own binary uninstalls it', async () => {
      await cli.install(subject.binaries.v15, subject.config);
      const { services } = subject.ports;
      await expectPlatformError(services.stop(SERVICE), 'ACCESS_DENIED');
      await expectPlatformError(cli.install(subject.binaries.v15Newer, subject.config), 'ACCESS_DENIED');
      await expectPlatformError(cli.uninstall(subject.binaries.v15Newer), 'ACCESS_DENIED');
      await expectPlatformError(cli.uninstall(subject.binaries.v15Newer, { force: true }), 'ACCESS_DENIED');
      const installed = (await services.query(SERVICE))!;
      await cli.uninstall(serviceImageFile(installed.imagePath, installed.kind));
      expect(await services.query(SERVICE)).toBeNull();
      expect(await services.query(DRIVER)).toBeNull();
      expect(await rules()).toBeNull();
      await cli.install(subject.binaries.v15Newer, subject.config);
      expect((await services.query(SERVICE))?.state).toBe('running');
    });

    it('a 14.x (not protected) is upgraded in place by a 15.x install', async () => {
      if (!subject.binaries.v14) return;
      await cli.install(subject.binaries.v14, subject.config);
      expect((await subject.ports.services.query(SERVICE))?.launchProtected).toBe('none');
      await cli.install(subject.binaries.v15, subject.config);
      const info = (await subject.ports.services.query(SERVICE))!;
      const version = await subject.ports.files.versionInfo(serviceImageFile(info.imagePath, info.kind));
      expect(version?.fileVersion.startsWith('15.')).toBe(true);
      expect(info.state).toBe('running');
    });

    it('BUG-21: -d installs the driver under another name, with the rules under that name', async () => {
      await cli.install(subject.binaries.v15, subject.config, { driverName: 'SwDrv' });
      expect(await subject.ports.services.query('SwDrv')).toMatchObject({ kind: 'kernel-driver', state: 'running' });
      expect(await subject.ports.services.query(DRIVER)).toBeNull();
      expect((await rules('SwDrv'))?.length).toBeGreaterThan(0);
    });
  });
}
