/** Durations as operators type them: 30d, 2h, 90m, 45s, 1500ms, or combined (1d12h). */
import { PlatformError } from '@sysward/platform';

const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

export function parseDuration(text: string): number {
  const trimmed = typeof text === 'string' ? text.trim().toLowerCase() : '';
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/g)];
  if (trimmed === '' || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new PlatformError('INVALID_ARGUMENT', `duration ${JSON.stringify(text)} is not like 30d, 2h, 90m, 45s, 1500ms or 1d12h`);
  }
  return Math.round(parts.reduce((total, p) => total + Number(p[1]) * UNIT_MS[p[2]], 0));
}
