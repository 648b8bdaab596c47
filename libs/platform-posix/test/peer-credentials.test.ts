import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PlatformError } from '@sysward/agent-runtime';
import { createPosixPlatform, linuxPeerCredentialOption } from '../src';

const onLinux = process.platform === 'linux' ? describe : describe.skip;

onLinux('R-SUP-5 peerCredentials(fd) through SO_PEERCRED', () => {
  it('reports the connecting process: our own pid, uid and gid over a local socket', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-peer-'));
    const socketPath = path.join(dir, 'peer.sock');
    const platform = createPosixPlatform();
    const server = net.createServer();
    try {
      const seen = new Promise<ReturnType<typeof platform.peerCredentials>>((resolve, reject) => {
        server.on('connection', (socket) => {
          try {
            const fd = (socket as unknown as { _handle: { fd: number } })._handle.fd;
            resolve(platform.peerCredentials(fd));
          } catch (error) {
            reject(error);
          } finally {
            socket.destroy();
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(socketPath, resolve));
      const client = net.connect(socketPath);
      client.on('error', () => undefined);
      expect(await seen).toEqual({ pid: process.pid, uid: process.getuid!(), gid: process.getgid!() });
      client.destroy();
    } finally {
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a descriptor that is not a socket is a PlatformError with the errno', () => {
    const platform = createPosixPlatform();
    const fd = fs.openSync(__filename, 'r');
    try {
      expect(() => platform.peerCredentials(fd)).toThrow(/getsockopt\(SO_PEERCRED\) on fd \d+ failed with errno 88/);
    } finally {
      fs.closeSync(fd);
    }
  });

  it.each([-1, 1.5, Number.NaN])('rejects %p as a file descriptor', (fd) => {
    expect(() => createPosixPlatform().peerCredentials(fd)).toThrow('not a file descriptor');
  });
});

describe('platform selection for peer credentials', () => {
  it.each(['darwin', 'freebsd', 'win32'] as const)('%s is NOT_SUPPORTED (a typed PlatformError)', (platform) => {
    try {
      createPosixPlatform(platform);
      throw new Error('expected a PlatformError');
    } catch (error) {
      expect(error).toBeInstanceOf(PlatformError);
      expect((error as PlatformError).code).toBe('NOT_SUPPORTED');
    }
  });

  it.each([
    ['x64', { level: 1, optionName: 17 }],
    ['arm64', { level: 1, optionName: 17 }],
    ['arm', { level: 1, optionName: 17 }],
    ['ia32', { level: 1, optionName: 17 }],
  ])('Linux on %s numbers SOL_SOCKET/SO_PEERCRED as %j', (arch, expected) => {
    expect(linuxPeerCredentialOption(arch)).toEqual(expected);
  });

  it.each(['mips', 'mipsel', 'ppc64', 'sparc64'])('Linux on %s renumbers socket options: NOT_SUPPORTED until tested', (arch) => {
    expect(() => linuxPeerCredentialOption(arch)).toThrow(`SO_PEERCRED numbering for Linux on ${arch}`);
  });
});
