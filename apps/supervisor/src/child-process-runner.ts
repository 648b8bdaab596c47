import { spawn } from 'node:child_process';
import { COMPONENT_ENV, SUPERVISOR_PIPE_ENV } from '@sysward/agent-runtime';
import type { ComponentSpec } from './config';
import type { ComponentRunner, ExitInfo, RunContext, RunningComponent } from './component-runner';

const STDERR_TAIL_BYTES = 4096;

/**
 * Runs each component as `node <command> <args>` in its own process, the way
 * the supervisor runs components off Windows and in development. The child gets
 * the home and its name through SYSWARD_HOME / SYSWARD_COMPONENT.
 */
export class ChildProcessRunner implements ComponentRunner {
  constructor(private readonly nodeExecutable: string = process.execPath) {}

  start(spec: ComponentSpec, context: RunContext): RunningComponent {
    const child = spawn(this.nodeExecutable, [spec.command, ...spec.args], {
      env: { ...process.env, ...spec.env, SYSWARD_HOME: context.home, [COMPONENT_ENV]: spec.name, [SUPERVISOR_PIPE_ENV]: '1' },
      // stdin: a pipe we never write to; its end-of-file tells the child we are gone
      // (watchSupervisorPipe). Components log to their own files; stderr is kept for crash reports.
      stdio: ['pipe', 'ignore', 'pipe'],
      windowsHide: true,
    });
    child.stdin?.on('error', () => undefined);
    let tail = Buffer.alloc(0);
    child.stderr?.on('data', (chunk: Buffer) => {
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > STDERR_TAIL_BYTES) tail = tail.subarray(tail.length - STDERR_TAIL_BYTES);
    });
    const exited = new Promise<ExitInfo>((resolve) => {
      let spawnError: string | undefined;
      child.once('error', (error: NodeJS.ErrnoException) => {
        spawnError = error.code ?? error.message;
        // A process that never started emits no 'close'.
        if (child.pid === undefined) resolve({ code: null, signal: null, spawnError, stderrTail: '' });
      });
      // 'close' rather than 'exit': stderr is fully read by then.
      child.once('close', (code, signal) => resolve({ code, signal, spawnError, stderrTail: tail.toString('utf8') }));
    });
    return {
      pid: child.pid ?? 0,
      exited,
      terminate: () => {
        child.kill('SIGTERM');
      },
      kill: () => {
        child.kill('SIGKILL');
      },
    };
  }
}
