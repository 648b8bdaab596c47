import { spawn, type SpawnOptions } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a Node script to completion and collects its output. */
export function runNode(args: string[], options: SpawnOptions = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Polls `probe` until it returns a value (not undefined) or the attempts run out. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, attempts = 200, everyMs = 25): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

const TRACKED_RESOURCES = ['PipeWrap', 'PipeServerWrap', 'TCPWrap', 'TCPServerWrap', 'Timeout', 'ProcessWrap'];

/** Counts of the handle kinds a leaking server or client would leave behind. */
export function trackedResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) {
    if (TRACKED_RESOURCES.includes(r)) counts[r] = (counts[r] ?? 0) + 1;
  }
  return counts;
}

/** The kinds that grew since `before` (the test runner's own timers may shrink meanwhile). */
export function newResources(before: Record<string, number>): Record<string, number> {
  const grown: Record<string, number> = {};
  for (const [kind, count] of Object.entries(trackedResources())) {
    if (count > (before[kind] ?? 0)) grown[kind] = count - (before[kind] ?? 0);
  }
  return grown;
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}
