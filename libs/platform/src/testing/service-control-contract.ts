import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { ServiceControlPort, ServiceSpec } from '../service-control';
import { expectPlatformError, uniqueName } from './expect-platform-error';

export interface ServiceControlSubject {
  services: ServiceControlPort;
  /** An executable the SCM can run as an own-process service. */
  serviceImagePath: string;
  /** A driver file for kernel-driver services. */
  driverImagePath: string;
  /** A second view of the same host (another connection or process): changes must be visible there. */
  reopen?(): ServiceControlPort;
  /** A running, launch-protected service (Sysmon 15 stand-in, BUG-20) when the subject can provide one. */
  protectedService?: string;
  dispose?(): Promise<void> | void;
}

export interface ServiceControlContractOptions {
  /** Wine can create but not start kernel drivers. */
  canStartDrivers: boolean;
}

export function describeServiceControlContract(
  name: string,
  factory: () => Promise<ServiceControlSubject> | ServiceControlSubject,
  options: ServiceControlContractOptions,
): void {
  describe(`${name} obeys the ServiceControlPort contract`, () => {
    let subject: ServiceControlSubject;
    let scm: ServiceControlPort;
    const created: string[] = [];

    beforeEach(async () => {
      subject = await factory();
      scm = subject.services;
    });
    afterEach(async () => {
      for (const n of created.splice(0)) {
        const info = await scm.query(n).catch(() => null);
        if (info?.state === 'running') await scm.stop(n).catch(() => undefined);
        if (info) await scm.delete(n).catch(() => undefined);
      }
      await subject.dispose?.();
    });

    const service = (overrides: Partial<ServiceSpec> = {}): ServiceSpec => {
      const spec: ServiceSpec = { name: uniqueName('swc'), kind: 'own-process', startType: 'demand', imagePath: subject.serviceImagePath, ...overrides };
      created.push(spec.name);
      return spec;
    };

    it('query of a missing service is null; changing, starting, stopping or deleting it is NOT_FOUND', async () => {
      const missing = uniqueName('swmissing');
      expect(await scm.query(missing)).toBeNull();
      await expectPlatformError(scm.change(missing, { startType: 'auto' }), 'NOT_FOUND');
      await expectPlatformError(scm.start(missing), 'NOT_FOUND');
      await expectPlatformError(scm.stop(missing), 'NOT_FOUND');
      await expectPlatformError(scm.delete(missing), 'NOT_FOUND');
    });

    it('create then query returns the configuration, stopped; names compare case-insensitively', async () => {
      const spec = service({ displayName: 'Contract service', description: 'made by the contract suite', startType: 'auto' });
      await scm.create(spec);
      const info = await scm.query(spec.name.toUpperCase());
      expect(info).toMatchObject({
        name: spec.name,
        displayName: 'Contract service',
        kind: 'own-process',
        startType: 'auto',
        imagePath: subject.serviceImagePath,
        description: 'made by the contract suite',
        state: 'stopped',
        pid: null,
        deletePending: false,
        launchProtected: 'none',
      });
    });

    it('creating an existing name is ALREADY_EXISTS', async () => {
      const spec = service();
      await scm.create(spec);
      await expectPlatformError(scm.create({ ...spec, name: spec.name.toLowerCase() }), 'ALREADY_EXISTS');
    });

    it('change updates start type, image path and display name (R-INS-4 inputs)', async () => {
      const spec = service();
      await scm.create(spec);
      await scm.change(spec.name, { startType: 'disabled', imagePath: `${subject.serviceImagePath} --tampered`, displayName: 'renamed' });
      expect(await scm.query(spec.name)).toMatchObject({ startType: 'disabled', imagePath: `${subject.serviceImagePath} --tampered`, displayName: 'renamed' });
    });

    it('start runs the service with a pid; a second start or a stop of a stopped service is INVALID_STATE', async () => {
      const spec = service();
      await scm.create(spec);
      await expectPlatformError(scm.stop(spec.name), 'INVALID_STATE');
      await scm.start(spec.name);
      const running = await scm.query(spec.name);
      expect(running?.state).toBe('running');
      expect(running?.pid).toEqual(expect.any(Number));
      await expectPlatformError(scm.start(spec.name), 'INVALID_STATE');
      await scm.stop(spec.name);
      expect((await scm.query(spec.name))?.state).toBe('stopped');
    });

    it('a disabled service does not start (INVALID_STATE)', async () => {
      const spec = service({ startType: 'disabled' });
      await scm.create(spec);
      await expectPlatformError(scm.start(spec.name), 'INVALID_STATE');
    });

    it('deleting a stopped service removes it at once', async () => {
      const spec = service();
      await scm.create(spec);
      await scm.delete(spec.name);
      expect(await scm.query(spec.name)).toBeNull();
    });

    it('deleting a running service marks it; it is gone once stopped, and MARKED_FOR_DELETE meanwhile', async () => {
      const spec = service();
      await scm.create(spec);
      await scm.start(spec.name);
      await scm.delete(spec.name);
      expect(await scm.query(spec.name)).toMatchObject({ deletePending: true, state: 'running' });
      await expectPlatformError(scm.delete(spec.name), 'MARKED_FOR_DELETE');
      await expectPlatformError(scm.create(spec), 'MARKED_FOR_DELETE');
      await scm.stop(spec.name);
      expect(await scm.query(spec.name)).toBeNull();
    });

    it('list enumerates services and driver services, filtered by kind', async () => {
      const svc = service();
      const drv = service({ kind: 'kernel-driver', startType: 'demand', imagePath: subject.driverImagePath });
      await scm.create(svc);
      await scm.create(drv);
      const all = (await scm.list()).map((s) => s.name);
      expect(all).toEqual(expect.arrayContaining([svc.name, drv.name]));
      const drivers = await scm.list({ kinds: ['kernel-driver', 'file-system-driver'] });
      expect(drivers.map((s) => s.name)).toContain(drv.name);
      expect(drivers.map((s) => s.name)).not.toContain(svc.name);
      expect(drivers.find((s) => s.name === drv.name)?.kind).toBe('kernel-driver');
    });

    (options.canStartDrivers ? it : it.skip)('a driver service starts and stops', async () => {
      const drv = service({ kind: 'kernel-driver', imagePath: subject.driverImagePath });
      await scm.create(drv);
      await scm.start(drv.name);
      expect((await scm.query(drv.name))?.state).toBe('running');
      await scm.stop(drv.name);
      expect((await scm.query(drv.name))?.state).toBe('stopped');
    });

    it('a service whose image file is missing fails to start with NOT_FOUND and stays stopped', async () => {
      const spec = service({ imagePath: `${subject.serviceImagePath.replace(/[^\\]+$/, '')}${uniqueName('gone')}.exe` });
      await scm.create(spec);
      await expectPlatformError(scm.start(spec.name), 'NOT_FOUND');
      expect((await scm.query(spec.name))?.state).toBe('stopped');
    });

    it('changes are visible through a second view of the host', async () => {
      if (!subject.reopen) return;
      const spec = service();
      await scm.create(spec);
      await scm.start(spec.name);
      const other = subject.reopen();
      expect((await other.query(spec.name))?.state).toBe('running');
      await other.stop(spec.name);
      expect((await scm.query(spec.name))?.state).toBe('stopped');
    });

    it('BUG-20: a launch-protected service refuses stop, change and delete with ACCESS_DENIED', async () => {
      if (!subject.protectedService) return;
      const name = subject.protectedService;
      expect((await scm.query(name))?.launchProtected).not.toBe('none');
      await expectPlatformError(scm.stop(name), 'ACCESS_DENIED');
      await expectPlatformError(scm.change(name, { startType: 'disabled' }), 'ACCESS_DENIED');
      await expectPlatformError(scm.delete(name), 'ACCESS_DENIED');
      expect((await scm.query(name))?.state).toBe('running');
    });
  });
}
