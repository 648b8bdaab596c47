import * as path from 'node:path';

export type IpcFlavour = 'unix-socket' | 'named-pipe';

/** Where a component's gRPC server listens and how clients reach it. */
export interface ComponentAddress {
  component: string;
  flavour: IpcFlavour;
  /** gRPC target for clients: `unix:/abs/path.sock` or `unix:\\.\pipe\sysward-x`. */
  target: string;
  /** What the listener binds: the socket file or the pipe path. */
  listenPath: string;
  /** Directory that holds the sockets (mode 0700); only for unix-socket. */
  runDir?: string;
}

const COMPONENT_NAME = /^[a-z][a-z0-9-]{0,39}$/;
/** sun_path is 108 bytes on Linux, including the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;

export function assertComponentName(component: string): void {
  if (typeof component !== 'string' || !COMPONENT_NAME.test(component)) {
    throw new Error(
      `component name ${JSON.stringify(component)} is invalid: use 1-40 lower-case letters, digits and '-', starting with a letter`,
    );
  }
}

/**
 * The one address scheme of Sysward's local IPC:
 * - Windows: named pipe `\\.\pipe\sysward-<component>` (gRPC target `unix:\\.\pipe\sysward-<component>`);
 * - elsewhere: Unix socket `<home>/run/<component>.sock`.
 * `platform` is a Node platform name (process.platform), passed in so that tests
 * and tools can compute either scheme anywhere.
 */
export function componentAddress(home: string, component: string, platform: NodeJS.Platform): ComponentAddress {
  assertComponentName(component);
  if (platform === 'win32') {
    const listenPath = `\\\\.\\pipe\\sysward-${component}`;
    return { component, flavour: 'named-pipe', target: `unix:${listenPath}`, listenPath };
  }
  if (typeof home !== 'string' || !path.posix.isAbsolute(home)) {
    throw new Error(`componentAddress: home must be an absolute path, got ${JSON.stringify(home)}`);
  }
  const runDir = path.posix.join(home, 'run');
  const listenPath = path.posix.join(runDir, `${component}.sock`);
  const bytes = Buffer.byteLength(listenPath);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new Error(
      `socket path ${listenPath} is ${bytes} bytes, more than the ${MAX_SOCKET_PATH_BYTES} a Unix socket allows: choose a shorter --home`,
    );
  }
  return { component, flavour: 'unix-socket', target: `unix:${listenPath}`, listenPath, runDir };
}
