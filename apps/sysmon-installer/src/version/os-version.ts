/**
 * Windows versions ("10.0.17763", "6.1.7601"): numeric parts, compared left to
 * right, missing parts counting as zero. Unlike Sysmon's own numbers these are
 * integers, so 10.0.17763 > 10.0.9600.
 */
export function parseOsVersion(text: string): number[] | null {
  const trimmed = text.trim();
  if (!/^\d+(?:\.\d+){0,3}$/.test(trimmed)) return null;
  return trimmed.split('.').map(Number);
}

export function compareOsVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
