/**
 * R-MON-3, R-INS-11: MonitorCoordination over a real local socket. The monitor
 * serves it (handlers here are fakes), the installer calls it through
 * MonitorCoordinationClient; every field survives the wire, and a failing
 * handler reaches the caller as FAILED_PRECONDITION with its message.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {
  componentAddress,
  IpcServer,
  MonitorCoordinationClient,
  monitorCoordinationImplementation,
  MonitorCoordinationService,
  selectIpcTransport,
  type ChangeVerified,
  type MonitorCoordinationHandlers,
  type PreparedForChange,
  type SysmonStateNotice,
} from '../src';

const CH = 'Microsoft-Windows-Sysmon/Operational';

describe('MonitorCoordination: the installer talks to the events monitor (R-MON-3, R-INS-11)', () => {
  let home: string;
  let server: IpcServer;
  let client: MonitorCoordinationClient;
  const notices: SysmonStateNotice[] = [];
  let prepared: PreparedForChange;
  let verified: ChangeVerified | Error;

  const handlers: MonitorCoordinationHandlers = {
    async setSysmonState(notice) {
      notices.push(notice);
    },
    async prepareForSysmonChange() {
      return prepared;
    },
    async sysmonChangeDone() {
      if (verified instanceof Error) throw verified;
      return verified;
    },
  };

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-coord-'));
    const address = componentAddress(home, 'events-monitor', process.platform);
    server = new IpcServer({ address, transport: selectIpcTransport(), shutdownGraceMs: 200 }).addService(
      MonitorCoordinationService,
      monitorCoordinationImplementation(handlers),
    );
    await server.start();
    client = new MonitorCoordinationClient(address);
  });
  afterAll(async () => {
    client.close();
    await server.stop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('SetSysmonState carries the state, event 4\'s record id (beyond 32 bits too), the log and the reason', async () => {
    await client.setSysmonState({ state: 'managed', managedSinceRecordId: 2 ** 40 + 4, logInstanceId: 'log-A', reason: 'installed 15.15' });
    await client.setSysmonState({ state: 'foreign_sysmon', managedSinceRecordId: 0, logInstanceId: '', reason: 'inbox Sysmon' });
    expect(notices).toEqual([
      { state: 'managed', managedSinceRecordId: 2 ** 40 + 4, logInstanceId: 'log-A', reason: 'installed 15.15' },
      { state: 'foreign_sysmon', managedSinceRecordId: 0, logInstanceId: '', reason: 'inbox Sysmon' },
    ]);
  });

  it('PrepareForSysmonChange returns the committed position, or none', async () => {
    prepared = { checkpoint: { channel: CH, logInstanceId: 'log-A', recordId: 5000 }, caughtUp: true };
    expect(await client.prepareForSysmonChange('repair')).toEqual(prepared);
    prepared = { checkpoint: null, caughtUp: false };
    expect(await client.prepareForSysmonChange('install')).toEqual(prepared);
  });

  it.each<[string, ChangeVerified]>([
    ['continued', { continuity: 'continued', resumedAfter: { channel: CH, logInstanceId: 'log-A', recordId: 5000 }, gap: null }],
    ['wrapped with its gap range', { continuity: 'wrapped', resumedAfter: { channel: CH, logInstanceId: 'log-A', recordId: 5999 }, gap: { firstRecordId: 5001, lastRecordId: 5999 } }],
    ['cleared: the gap has no last id', { continuity: 'cleared', resumedAfter: { channel: CH, logInstanceId: 'log-B', recordId: 0 }, gap: { firstRecordId: 5001, lastRecordId: null } }],
    ['first read', { continuity: 'first_read', resumedAfter: null, gap: null }],
  ])('SysmonChangeDone: %s', async (_name, answer) => {
    verified = answer;
    expect(await client.sysmonChangeDone('repair')).toEqual(answer);
  });

  it('a handler that fails reaches the installer as FAILED_PRECONDITION naming the call and the reason', async () => {
    verified = new Error('the channel reader did not subscribe again within 15000 ms');
    await expect(client.sysmonChangeDone('repair')).rejects.toMatchObject({
      code: grpc.status.FAILED_PRECONDITION,
      details: 'SysmonChangeDone failed: the channel reader did not subscribe again within 15000 ms',
    });
  });
});
