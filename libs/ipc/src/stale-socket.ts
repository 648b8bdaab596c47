import * as fs from 'node:fs';
import * as net from 'node:net';

export type StaleSocketOutcome = 'absent' | 'removed';

/**
 * A socket file left by a crashed server makes the next bind fail with
 * EADDRINUSE. It is removed only when nobody answers on it: if a live server
 * accepts a connection, starting a second one is an error, not a cleanup.
 */
export async function removeStaleSocket(socketPath: string, probeTimeoutMs = 1000): Promise<StaleSocketOutcome> {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  if (!stat.isSocket()) {
    throw new Error(`${socketPath} exists and is not a socket; refusing to remove it`);
  }
  const probe = await probeSocket(socketPath, probeTimeoutMs);
  if (probe === 'listening') {
    throw new Error(`another process is already serving on ${socketPath}`);
  }
  try {
    fs.unlinkSync(socketPath);
  } catch (error) {
    // Someone else cleaned it up between the probe and now: same end state.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return 'removed';
}

function probeSocket(socketPath: string, timeoutMs: number): Promise<'listening' | 'dead'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      // A listener that accepts but is too slow to answer is still alive.
      resolve('listening');
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve('listening');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') resolve('dead');
      else reject(new Error(`cannot tell whether ${socketPath} is in use: ${error.code ?? error.message}`));
    });
  });
}
