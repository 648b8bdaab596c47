import { PassThrough } from 'node:stream';
import { SUPERVISOR_PIPE_ENV, watchSupervisorPipe } from '../src';

describe('watchSupervisorPipe: a child component stops when its supervisor is gone', () => {
  it('calls onGone once when the pipe reaches end-of-file', async () => {
    const pipe = new PassThrough();
    let calls = 0;
    watchSupervisorPipe(() => calls++, { [SUPERVISOR_PIPE_ENV]: '1' }, pipe);
    pipe.end();
    await new Promise((resolve) => setImmediate(resolve));
    pipe.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(1);
  });

  it('does nothing when the process was not started with the pipe', async () => {
    const pipe = new PassThrough();
    let calls = 0;
    watchSupervisorPipe(() => calls++, {}, pipe);
    pipe.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(0);
    expect(pipe.listenerCount('end')).toBe(0);
  });

  it('stops watching when cancelled', async () => {
    const pipe = new PassThrough();
    let calls = 0;
    const cancel = watchSupervisorPipe(() => calls++, { [SUPERVISOR_PIPE_ENV]: '1' }, pipe);
    cancel();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(0);
    expect(pipe.destroyed).toBe(true);
  });
});
