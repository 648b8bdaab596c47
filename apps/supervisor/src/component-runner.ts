import type { ComponentSpec } from './config';

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** Why the process could not even start (spawn error), if that is what happened. */
  spawnError?: string;
  /** The end of what the process wrote to stderr: often the crash's stack trace. */
  stderrTail: string;
}

export interface RunningComponent {
  readonly pid: number;
  readonly exited: Promise<ExitInfo>;
  /** Ask the process to stop (SIGTERM; a service stop request on Windows). */
  terminate(): void;
  /** Stop it now (SIGKILL / TerminateProcess). */
  kill(): void;
}

export interface RunContext {
  home: string;
}

/** Starts components as separate processes (child processes now, Windows services later). */
export interface ComponentRunner {
  start(spec: ComponentSpec, context: RunContext): RunningComponent;
}

/** A short text for an exit, for status' last error. */
export function describeExit(exit: ExitInfo): string {
  const how = exit.spawnError
    ? `could not start: ${exit.spawnError}`
    : exit.signal
      ? `killed by ${exit.signal}`
      : `exited with code ${exit.code ?? 'unknown'}`;
  const tail = lastMeaningfulLine(exit.stderrTail);
  return tail ? `${how}: ${tail}` : how;
}

function lastMeaningfulLine(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at ') && !l.startsWith('Node.js v') && l !== '^');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
