import { isPlatformError } from '@sysward/platform';
import { tempHost } from './support';

describe('SimClock.advance (R-INS-7 soak periods pass in a moment; R-REL-2 bad input loses nothing)', () => {
  it('refuses an advance past the last time a Date can hold, and keeps the host usable', () => {
    const t = tempHost();
    try {
      const before = t.host.clock.now();
      let caught: unknown;
      try {
        t.host.clock.advance(99_999_999_999 * 86_400_000);
      } catch (error) {
        caught = error;
      }
      expect(isPlatformError(caught) && caught.code === 'INVALID_ARGUMENT').toBe(true);
      expect(String((caught as Error).message)).toMatch(/past the year 275760/);
      const after = t.host.clock.advance(86_400_000);
      expect(after - before).toBeGreaterThanOrEqual(86_400_000);
      expect(Number.isFinite(new Date(after).getTime())).toBe(true);
    } finally {
      t.dispose();
    }
  });
});
