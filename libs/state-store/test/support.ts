import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

/** A fresh directory per test; removed by the returned cleanup. */
export function makeTempDir(label: string): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sysward-state-store-${label}-`));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Collects what the store logs, to assert that a loss is reported rather than silent. */
export function recordingLogger(): { warn(obj: object, msg: string): void; entries: { obj: object; msg: string }[] } {
  const entries: { obj: object; msg: string }[] = [];
  return { entries, warn: (obj, msg) => entries.push({ obj, msg }) };
}

export const FIXED_NOW = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
