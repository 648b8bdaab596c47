/**
 * A component started as a child process gets its stdin from a pipe whose
 * other end only the supervisor holds. When the supervisor dies, even by
 * SIGKILL, the kernel closes that end and stdin reaches end-of-file: the
 * component then stops by itself instead of living on as an orphan that keeps
 * its socket busy for the next supervisor.
 */
export const SUPERVISOR_PIPE_ENV = 'SYSWARD_SUPERVISOR_PIPE';

export interface PipeSource {
  on(event: 'end' | 'close' | 'error', listener: () => void): unknown;
  off(event: 'end' | 'close' | 'error', listener: () => void): unknown;
  resume(): unknown;
  destroy(): unknown;
}

/**
 * Calls `onGone` once when the supervisor's pipe closes. Does nothing (and
 * returns a no-op) when the process was not started with such a pipe.
 * Returns a function that stops watching.
 */
export function watchSupervisorPipe(
  onGone: () => void,
  env: Readonly<Record<string, string | undefined>> = process.env,
  stdin: PipeSource = process.stdin,
): () => void {
  if (env[SUPERVISOR_PIPE_ENV] !== '1') return () => undefined;
  let fired = false;
  const gone = (): void => {
    if (fired) return;
    fired = true;
    onGone();
  };
  stdin.on('end', gone);
  stdin.on('close', gone);
  stdin.on('error', gone);
  // Reading is what notices end-of-file; the supervisor never writes anything.
  stdin.resume();
  return () => {
    stdin.off('end', gone);
    stdin.off('close', gone);
    stdin.off('error', gone);
    stdin.destroy();
  };
}
