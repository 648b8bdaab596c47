import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {
  componentAddress,
  ComponentControlClient,
  createComponentServer,
  HealthClient,
  IpcServer,
  selectIpcTransport,
  type RefusedConnection,
  type ServingStatus,
} from '../src';
import { eventually, newResources, settle, trackedResources } from './support/processes';

function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sw-ipc-'));
}


describe('IpcServer: gRPC on a local socket with grpc.health.v1', () => {
  let home: string;
  const refused: RefusedConnection[] = [];
  beforeEach(() => {
    home = tempHome();
    refused.length = 0;
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  function server(component = 'events-monitor'): IpcServer {
    return new IpcServer({
      address: componentAddress(home, component, process.platform),
      transport: selectIpcTransport({ onRefused: (r) => refused.push(r) }),
      shutdownGraceMs: 500,
    });
  }

  it('lifecycle: stop before start is safe, start-stop-start works, no handles are left open', async () => {
    const before = trackedResources();
    const s = server();
    await s.stop();
    await s.start();
    const client = new HealthClient(s.address);
    expect(await client.check('')).toBe('SERVING');
    await s.stop();
    await s.start();
    expect(await client.check('')).toBe('SERVING');
    client.close();
    await s.stop();
    await settle();
    expect(fs.existsSync(s.address.listenPath)).toBe(false);
    expect(newResources(before)).toEqual({});
  });

  it('R-SUP-5 the run directory is 0700 and the socket 0600', async () => {
    const s = server();
    fs.mkdirSync(path.join(home, 'run'), { mode: 0o755 });
    await s.start();
    try {
      expect(fs.statSync(path.join(home, 'run')).mode & 0o777).toBe(0o700);
      expect(fs.statSync(s.address.listenPath).mode & 0o777).toBe(0o600);
    } finally {
      await s.stop();
    }
  });

  it('R-SUP-2 health Check answers for "" and registered services, NOT_FOUND for others', async () => {
    const s = server();
    s.health.set('events-monitor', 'NOT_SERVING');
    await s.start();
    const client = new HealthClient(s.address);
    try {
      expect(await client.check('')).toBe('SERVING');
      expect(await client.check('events-monitor')).toBe('NOT_SERVING');
      await expect(client.check('nope')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    } finally {
      client.close();
      await s.stop();
    }
  });

  it('R-SUP-2 health Watch sends the current status, then each change; stop ends it with NOT_SERVING', async () => {
    const s = server();
    await s.start();
    const client = new HealthClient(s.address);
    const seen: ServingStatus[] = [];
    let ended = false;
    client.watch('late', (status) => seen.push(status), () => (ended = true));
    await eventually(() => (seen.length === 1 ? true : undefined), 'the first watch message');
    s.health.set('late', 'SERVING');
    s.health.set('late', 'SERVING'); // not a change: not sent
    s.health.set('late', 'NOT_SERVING');
    await eventually(() => (seen.length === 3 ? true : undefined), 'two changes');
    await s.stop();
    await eventually(() => (ended ? true : undefined), 'the watch to end');
    expect(seen).toEqual(['SERVICE_UNKNOWN', 'SERVING', 'NOT_SERVING']);
    client.close();
  });

  it('every unary call has a deadline: a handler that never answers ends in DEADLINE_EXCEEDED', async () => {
    const s = createComponentServer({
      home,
      component: 'events-monitor',
      transport: selectIpcTransport(),
      control: { stop: () => undefined, pause: () => new Promise<void>(() => undefined) },
    });
    await s.start();
    const client = new ComponentControlClient(s.address);
    try {
      await expect(client.pause('test', { deadlineMs: 100 })).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED });
      await expect(client.resume()).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
    } finally {
      client.close();
      await s.stop();
    }
  });

  it('a client reconnects by itself after the server restarts', async () => {
    const s = server();
    await s.start();
    const client = new HealthClient(s.address);
    try {
      expect(await client.check('')).toBe('SERVING');
      await s.stop();
      await expect(client.check('', { deadlineMs: 500 })).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
      await s.start();
      expect(await eventually(() => client.check('', { deadlineMs: 500 }), 'the client to reconnect')).toBe('SERVING');
    } finally {
      client.close();
      await s.stop();
    }
  });

  it('refuses to start a second server on a live socket', async () => {
    const first = server();
    const second = server();
    await first.start();
    try {
      await expect(second.start()).rejects.toThrow(`another process is already serving on ${first.address.listenPath}`);
      expect(await new HealthClient(first.address).check('')).toBe('SERVING');
    } finally {
      await first.stop();
    }
  });

  it('refuses to remove a file that is not a socket', async () => {
    const s = server();
    fs.mkdirSync(path.join(home, 'run'), { recursive: true });
    fs.writeFileSync(s.address.listenPath, 'not a socket');
    await expect(s.start()).rejects.toThrow('exists and is not a socket; refusing to remove it');
    expect(fs.readFileSync(s.address.listenPath, 'utf8')).toBe('not a socket');
  });
});
