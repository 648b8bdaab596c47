import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { componentAddress, HealthClient, IpcServer, removeStaleSocket, selectIpcTransport, type RefusedConnection } from '../src';
import { eventually, isRoot, runNode } from './support/processes';
import { workspaceModuleEnv } from './support/workspace-modules';

const NOBODY = 65534;
const itAsRoot = isRoot ? it : it.skip;
if (!isRoot) {
  // eslint-disable-next-line no-console
  console.warn('R-SUP-5 other-uid tests skipped: they need root to start a client as uid 65534');
}

/** A client in another process: prints the health check's outcome as JSON. */
const HEALTH_CHECK_SCRIPT = `
const ipc = require('@sysward/ipc');
const client = new ipc.HealthClient(ipc.componentAddress(process.argv[1], 'supervisor', process.platform));
client.check('', { deadlineMs: 2000 }).then(
  (status) => { console.log(JSON.stringify({ status })); client.close(); },
  (error) => { console.log(JSON.stringify({ code: error.code, details: error.details })); client.close(); });
`;

describe('local IPC across processes', () => {
  let home: string;
  let moduleEnv: Record<string, string>;
  beforeAll(() => {
    moduleEnv = workspaceModuleEnv();
  });
  afterAll(() => fs.rmSync(moduleEnv.NODE_PATH, { recursive: true, force: true }));
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-ipcp-'));
    // The home must be traversable for the other-uid client to reach run/ at all.
    fs.chmodSync(home, 0o755);
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('a stale socket left by a SIGKILLed server is removed, and the new server serves', async () => {
    const address = componentAddress(home, 'supervisor', process.platform);
    fs.mkdirSync(address.runDir!, { mode: 0o700 });
    const crashing = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(address.listenPath)}, () => console.log('up'))`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => crashing.stdout!.once('data', () => resolve()));
    crashing.kill('SIGKILL');
    await new Promise((resolve) => crashing.once('close', resolve));
    expect(fs.lstatSync(address.listenPath).isSocket()).toBe(true); // left behind by the crash

    const server = new IpcServer({ address, transport: selectIpcTransport() });
    await server.start();
    const client = new HealthClient(address);
    try {
      expect(await client.check('')).toBe('SERVING');
    } finally {
      client.close();
      await server.stop();
    }
    expect(await removeStaleSocket(address.listenPath)).toBe('absent');
  });

  itAsRoot('R-SUP-5 a client running as another uid is kept out by the 0700 run directory', async () => {
    const refused: RefusedConnection[] = [];
    const server = new IpcServer({
      address: componentAddress(home, 'supervisor', process.platform),
      transport: selectIpcTransport({ onRefused: (r) => refused.push(r) }),
    });
    await server.start();
    try {
      const result = await runNode(['-e', HEALTH_CHECK_SCRIPT, home], { uid: NOBODY, gid: NOBODY, env: { ...process.env, ...moduleEnv } });
      expect(result.stderr).toBe('');
      const outcome = JSON.parse(result.stdout);
      expect(outcome.code).toBe(14); // UNAVAILABLE
      expect(outcome.details).toMatch(/EACCES/);
      expect(refused).toEqual([]); // the kernel refused; our check never saw it
    } finally {
      await server.stop();
    }
  });

  itAsRoot('R-SUP-5 with the directory opened by mistake, the peer-credential check still refuses the other uid', async () => {
    const refused: RefusedConnection[] = [];
    const address = componentAddress(home, 'supervisor', process.platform);
    const server = new IpcServer({ address, transport: selectIpcTransport({ onRefused: (r) => refused.push(r) }) });
    await server.start();
    fs.chmodSync(address.runDir!, 0o755);
    fs.chmodSync(address.listenPath, 0o666);
    try {
      const result = await runNode(['-e', HEALTH_CHECK_SCRIPT, home], { uid: NOBODY, gid: NOBODY, env: { ...process.env, ...moduleEnv } });
      const outcome = JSON.parse(result.stdout);
      expect(outcome.code).toBe(14); // UNAVAILABLE: the connection was closed before any byte
      await eventually(() => (refused.length > 0 ? true : undefined), 'the refusal to be reported');
      expect(refused[0]).toMatchObject({ uid: NOBODY, address: { component: 'supervisor' } });
      expect(refused[0].reason).toContain(`uid ${NOBODY}`);
      // The same client as root gets in.
      const asRoot = await runNode(['-e', HEALTH_CHECK_SCRIPT, home], { env: { ...process.env, ...moduleEnv } });
      expect(JSON.parse(asRoot.stdout)).toEqual({ status: 'SERVING' });
    } finally {
      await server.stop();
    }
  });
});
