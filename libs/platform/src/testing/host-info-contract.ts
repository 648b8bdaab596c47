import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import * as crypto from 'node:crypto';
import type { ClockPort } from '../clock';
import type { OsInfoPort, OsVersion } from '../os-info';
import type { ReleaseFeedPort } from '../release-feed';
import { expectPlatformError } from './expect-platform-error';

export interface OsInfoSubject {
  os: OsInfoPort;
  /** What the host is known to be, when the subject knows. */
  expected?: Partial<OsVersion>;
  dispose?(): Promise<void> | void;
}

export function describeOsInfoContract(name: string, factory: () => Promise<OsInfoSubject> | OsInfoSubject): void {
  describe(`${name} obeys the OsInfoPort contract`, () => {
    let subject: OsInfoSubject;
    beforeEach(async () => {
      subject = await factory();
    });
    afterEach(async () => {
      await subject.dispose?.();
    });

    it('reports a plausible Windows version', async () => {
      const v = await subject.os.version();
      expect(v.major).toBeGreaterThanOrEqual(6);
      expect(v.build).toBeGreaterThan(0);
      expect(['workstation', 'server', 'domain-controller']).toContain(v.productType);
      expect(['x64', 'x86', 'arm64']).toContain(v.architecture);
      expect(v.productName).not.toBe('');
      if (subject.expected) expect(v).toMatchObject(subject.expected);
    });

    it('names the host and says absent for an unknown optional feature', async () => {
      expect(await subject.os.hostName()).not.toBe('');
      expect(await subject.os.optionalFeature('Sysward-No-Such-Feature')).toBe('absent');
    });
  });
}

export interface ClockSubject {
  clock: ClockPort;
  /** Moves the clock forward (test hosts only). */
  advance?(ms: number): Promise<void> | void;
  dispose?(): Promise<void> | void;
}

export function describeClockContract(name: string, factory: () => Promise<ClockSubject> | ClockSubject): void {
  describe(`${name} obeys the ClockPort contract`, () => {
    let subject: ClockSubject;
    beforeEach(async () => {
      subject = await factory();
    });
    afterEach(async () => {
      await subject.dispose?.();
    });

    it('gives epoch milliseconds that do not go backwards', () => {
      const a = subject.clock.now();
      const b = subject.clock.now();
      expect(Number.isFinite(a)).toBe(true);
      expect(a).toBeGreaterThan(Date.UTC(2000, 0, 1));
      expect(b).toBeGreaterThanOrEqual(a);
    });

    it('R-INS-7: advancing moves now() by at least the duration', async () => {
      if (!subject.advance) return;
      const before = subject.clock.now();
      await subject.advance(30 * 86_400_000);
      expect(subject.clock.now() - before).toBeGreaterThanOrEqual(30 * 86_400_000);
    });
  });
}

export interface ReleaseFeedSubject {
  releases: ReleaseFeedPort;
  /** Makes a release available (test feeds only). */
  publish(version: string, options: { vulnerable: boolean }): Promise<void>;
  dispose?(): Promise<void> | void;
}

export function describeReleaseFeedContract(name: string, factory: () => Promise<ReleaseFeedSubject> | ReleaseFeedSubject): void {
  describe(`${name} obeys the ReleaseFeedPort contract`, () => {
    let subject: ReleaseFeedSubject;
    beforeEach(async () => {
      subject = await factory();
    });
    afterEach(async () => {
      await subject.dispose?.();
    });

    it('lists releases oldest version first; the downloaded bytes match size and SHA-256 (R-INS-9)', async () => {
      await subject.publish('15.15', { vulnerable: false });
      await subject.publish('14.13', { vulnerable: true });
      const list = await subject.releases.list();
      const ours = list.filter((r) => r.version === '14.13' || r.version === '15.15');
      expect(ours.map((r) => [r.version, r.vulnerable])).toEqual([
        ['14.13', true],
        ['15.15', false],
      ]);
      for (const release of ours) {
        const bytes = await subject.releases.download(release.version);
        expect(bytes.length).toBe(release.size);
        expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(release.sha256);
        expect(release.releasedMs).toEqual(expect.any(Number));
      }
    });

    it('an unknown version is NOT_FOUND', async () => {
      await expectPlatformError(subject.releases.download('99.99'), 'NOT_FOUND');
    });
  });
}
