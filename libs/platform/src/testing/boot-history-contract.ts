import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { BootHistoryPort } from '../boot-history';

export interface BootHistorySubject {
  boots: BootHistoryPort;
  /** Clean shutdown and boot (a test host can do this; a real one cannot). */
  reboot?(): Promise<void>;
  /** Unclean end (bugcheck code, 0 = power loss) and the next boot. */
  crashAndBoot?(bugcheckCode: number): Promise<void>;
  dispose?(): Promise<void> | void;
}

export function describeBootHistoryContract(name: string, factory: () => Promise<BootHistorySubject> | BootHistorySubject): void {
  describe(`${name} obeys the BootHistoryPort contract`, () => {
    let subject: BootHistorySubject;
    beforeEach(async () => {
      subject = await factory();
    });
    afterEach(async () => {
      await subject.dispose?.();
    });

    it('knows the current boot, the newest of the sessions, oldest first', async () => {
      const sessions = await subject.boots.sessions();
      expect(sessions.length).toBeGreaterThanOrEqual(1);
      const starts = sessions.map((s) => s.startRecordId);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(await subject.boots.currentBoot()).toEqual(sessions[sessions.length - 1]);
    });

    it('a clean reboot starts a session whose previous shutdown was clean', async () => {
      if (!subject.reboot) return;
      const before = (await subject.boots.sessions()).length;
      await subject.reboot();
      const sessions = await subject.boots.sessions();
      expect(sessions).toHaveLength(before + 1);
      expect(sessions[sessions.length - 1]).toMatchObject({ previousShutdown: 'clean', evidence: [] });
    });

    it('R-INS-6: a bugcheck leaves 41, 6008 and 1001 (with the stop code) in the next session', async () => {
      if (!subject.crashAndBoot) return;
      await subject.crashAndBoot(0x3b);
      const current = await subject.boots.currentBoot();
      expect(current?.previousShutdown).toBe('unclean');
      const ids = current!.evidence.map((e) => e.eventId).sort((a, b) => a - b);
      expect(ids).toEqual([41, 1001, 6008]);
      expect(current!.evidence.find((e) => e.eventId === 1001)?.bugcheckCode).toBe(0x3b);
      expect(current!.evidence.find((e) => e.eventId === 41)?.bugcheckCode).toBe(0x3b);
    });

    it('R-INS-6: a power loss leaves 41 and 6008 but no 1001', async () => {
      if (!subject.crashAndBoot) return;
      await subject.crashAndBoot(0);
      const current = await subject.boots.currentBoot();
      expect(current?.previousShutdown).toBe('unclean');
      expect(current!.evidence.map((e) => e.eventId).sort((a, b) => a - b)).toEqual([41, 6008]);
    });
  });
}
