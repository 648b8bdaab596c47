import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { StatusReporter, type ComponentReport } from '@sysward/agent-runtime';
import {
  componentAddress,
  ComponentReporterService,
  GrpcStatusLink,
  IpcServer,
  reportFromWire,
  selectIpcTransport,
  type pb,
} from '../src';
import { eventually } from './support/processes';

/** A stand-in supervisor that records reports the way the real one receives them. */
function reportSink(home: string) {
  const received: ComponentReport[] = [];
  const server = new IpcServer({ address: componentAddress(home, 'supervisor', process.platform), transport: selectIpcTransport(), shutdownGraceMs: 200 });
  const reportStatus: grpc.handleClientStreamingCall<pb.IComponentReport, pb.IReportStatusReply> = (call, callback) => {
    call.sendMetadata(new grpc.Metadata());
    call.on('data', (m: pb.IComponentReport) => received.push(reportFromWire(m)));
    call.on('end', () => callback(null, {}));
    call.on('error', () => undefined);
  };
  server.addService(ComponentReporterService, { reportStatus });
  return { server, received };
}

describe('R-SUP-2 StatusReporter over gRPC (GrpcStatusLink)', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-link-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('delivers updates, survives a supervisor restart by reconnecting, and closes cleanly', async () => {
    const sink = reportSink(home);
    await sink.server.start();
    const reporter = new StatusReporter({
      name: 'events-monitor',
      version: '0.1.0',
      link: new GrpcStatusLink(componentAddress(home, 'supervisor', process.platform)),
      minIntervalMs: 0,
      reconnect: { initialDelayMs: 20, maxDelayMs: 200, multiplier: 2, jitter: 0 },
    });
    reporter.start();
    reporter.update({ state: 'ok', monitor: { eventsRead: 3 } });
    await eventually(() => sink.received.find((r) => r.state === 'ok' && r.monitor?.eventsRead === 3), 'the ok report');

    await sink.server.stop();
    reporter.update({ monitor: { eventsRead: 4 } }); // while the supervisor is away
    sink.received.length = 0;
    await sink.server.start();
    const resent = await eventually(() => sink.received.find((r) => r.monitor?.eventsRead === 4), 'the report after reconnecting');
    expect(resent).toMatchObject({ name: 'events-monitor', pid: process.pid, state: 'ok' });

    reporter.update({ state: 'stopping' });
    await reporter.close();
    expect(sink.received[sink.received.length - 1].state).toBe('stopping');
    await sink.server.stop();
  });

  it('keeps retrying while no supervisor runs, and connects when one appears', async () => {
    const errors: number[] = [];
    const reporter = new StatusReporter({
      name: 'ui-realtime',
      version: '0.1.0',
      link: new GrpcStatusLink(componentAddress(home, 'supervisor', process.platform)),
      minIntervalMs: 0,
      reconnect: { initialDelayMs: 10, maxDelayMs: 50, multiplier: 2, jitter: 0 },
      onLinkError: (_e, attempt) => errors.push(attempt),
    });
    reporter.start();
    await eventually(() => (errors.length >= 3 ? true : undefined), 'three failed attempts');
    const sink = reportSink(home);
    await sink.server.start();
    await eventually(() => sink.received.find((r) => r.name === 'ui-realtime'), 'the first report');
    expect(reporter.isConnected).toBe(true);
    await reporter.close();
    await sink.server.stop();
  });
});
