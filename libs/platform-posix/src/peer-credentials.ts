import { PlatformError } from '@sysward/agent-runtime';
import { linuxPeerCredentialOption } from './socket-options';

/** Who is on the other end of a connected Unix-domain socket, as the kernel saw it at connect(). */
export interface PeerCredentials {
  pid: number;
  uid: number;
  gid: number;
}

export interface PosixPlatform {
  /** The peer of a connected AF_UNIX socket, from its file descriptor. */
  peerCredentials(fd: number): PeerCredentials;
}

/**
 * The POSIX calls Node lacks, bound through koffi. koffi is loaded here, in the
 * factory, so that importing this package costs nothing on other systems.
 */
export function createPosixPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): PosixPlatform {
  if (platform !== 'linux') {
    throw new PlatformError('NOT_SUPPORTED', `peer credentials are implemented for Linux only, not ${platform}`);
  }
  const option = linuxPeerCredentialOption(arch);
  const { getsockopt, structSize, errno } = loadGetsockopt();

  return {
    peerCredentials(fd: number): PeerCredentials {
      if (!Number.isInteger(fd) || fd < 0) {
        throw new PlatformError('OS_CALL_FAILED', `peerCredentials: not a file descriptor: ${fd}`);
      }
      const out = { pid: 0, uid: 0, gid: 0 };
      const length = [structSize];
      const result = getsockopt(fd, option.level, option.optionName, out, length);
      if (result !== 0) {
        const code = errno();
        throw new PlatformError('OS_CALL_FAILED', `getsockopt(SO_PEERCRED) on fd ${fd} failed with errno ${code}`, { errno: code });
      }
      if (length[0] !== structSize) {
        throw new PlatformError('OS_CALL_FAILED', `getsockopt(SO_PEERCRED) on fd ${fd} returned ${length[0]} bytes, expected ${structSize}`);
      }
      return { pid: out.pid, uid: out.uid, gid: out.gid };
    },
  };
}

interface GetsockoptBinding {
  getsockopt: (...args: unknown[]) => number;
  structSize: number;
  errno: () => number;
}

let binding: GetsockoptBinding | undefined;

/**
 * Made once per module instance. The struct stays anonymous: koffi's type names
 * are process-wide, and a second module instance (test runners load one per
 * file) would otherwise collide with the first.
 */
function loadGetsockopt(): GetsockoptBinding {
  if (binding !== undefined) return binding;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const koffi = require('koffi') as KoffiSubset;
  const libc = koffi.load('libc.so.6');
  const ucred = koffi.struct({ pid: 'int32', uid: 'uint32', gid: 'uint32' });
  const getsockopt = libc.func('getsockopt', 'int', ['int', 'int', 'int', koffi.out(koffi.pointer(ucred)), koffi.inout(koffi.pointer('uint32'))]);
  binding = { getsockopt, structSize: koffi.sizeof(ucred), errno: () => koffi.errno() };
  return binding;
}

/**
 * The slice of koffi's API used here, typed locally: koffi's own declarations are
 * an ES module that this CommonJS build cannot import types from.
 */
interface KoffiSubset {
  load(path: string): { func(name: string, result: string, args: unknown[]): (...args: unknown[]) => number };
  struct(members: Record<string, string>): unknown;
  pointer(type: unknown): unknown;
  out(type: unknown): unknown;
  inout(type: unknown): unknown;
  sizeof(type: unknown): number;
  errno(): number;
}
