/**
 * Several processes share one host file (ARCHITECTURE: platform-sim). One
 * process records activities, another plays Sysmon's service (the host loop),
 * and this one reads the Sysmon channel: each record must arrive promptly,
 * without the idle processes spinning.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SysmonCli, SYSMON_OPERATIONAL_CHANNEL } from '@sysward/platform';
import { makeSysmonBinary, type SimHost } from '../src';
import { tempHost, type TempHost } from './support';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const dist = path.join(repoRoot, 'libs', 'platform-sim', 'dist', 'index.js');

const HOST_LOOP = `
const { SimHost, runHostLoop } = require(${JSON.stringify(dist)});
const host = SimHost.open(process.argv[1]);
const ac = new AbortController();
const started = process.cpuUsage();
const t0 = Date.now();
process.on('SIGTERM', () => ac.abort());
runHostLoop(host, { signal: ac.signal }).then(() => {
  const cpu = process.cpuUsage(started);
  process.stdout.write(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, wallMs: Date.now() - t0 }) + '\\n');
  host.close();
});
process.stdout.write('ready\\n');
`;

const RECORDER = `
const { SimHost } = require(${JSON.stringify(dist)});
const host = SimHost.open(process.argv[1]);
let n = 0;
const timer = setInterval(() => {
  n += 1;
  host.recordActivity({ kind: 'process-start', fields: { CommandLine: 'step ' + n }, origin: 'recorder' });
  if (n === 20) { clearInterval(timer); host.close(); }
}, 25);
`;

const children: ChildProcess[] = [];
function start(script: string, home: string): ChildProcess {
  const child = spawn(process.execPath, ['-e', script, home], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return child;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const cut = text.indexOf('\n');
      if (cut !== -1) resolve(text.slice(0, cut));
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code} before writing a line`)));
  });
}

let t: TempHost;
let host: SimHost;
beforeAll(() => {
  if (!fs.existsSync(dist)) spawnSync('npx', ['tsc', '-b', 'libs/platform-sim'], { cwd: repoRoot, stdio: 'inherit' });
});
beforeEach(async () => {
  t = tempHost();
  host = t.host;
  host.parts.store.write(() => {
    host.parts.files.write('C:\\Staging\\Sysmon64.exe', makeSysmonBinary('15.15'));
    host.parts.files.write('C:\\Staging\\sysmon.xml', Buffer.from('<Sysmon schemaversion="4.90"/>'));
  });
  await new SysmonCli(host.ports.sysmon).install('C:\\Staging\\Sysmon64.exe', 'C:\\Staging\\sysmon.xml');
});
afterEach(() => {
  // A child that hangs (a spinning loop ignores SIGTERM) must not outlive the test.
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  t.dispose();
});

it('a record written by one process and pumped by another reaches a reader in a third promptly, with idle processes not spinning', async () => {
  const sub = await host.ports.channels.subscribe(SYSMON_OPERATIONAL_CHANNEL, { kind: 'oldest' });
  const loop = start(HOST_LOOP, t.home);
  expect(await firstLine(loop)).toBe('ready');
  const recorder = start(RECORDER, t.home);
  const latencies: number[] = [];
  const seen: string[] = [];
  const deadline = Date.now() + 15_000;
  while (seen.length < 20 && Date.now() < deadline) {
    for (const record of await sub.next({ max: 100, timeoutMs: 2000 })) {
      const line = /<Data Name='CommandLine'>([^<]*)<\/Data>/.exec(record.xml)?.[1];
      if (record.eventId !== 1 || !line) continue;
      seen.push(line);
      latencies.push(Date.now() - record.timeCreatedMs);
    }
  }
  await new Promise((resolve) => recorder.once('exit', resolve));
  // Idle for a while: the loop must sleep, not poll hard.
  await new Promise((resolve) => setTimeout(resolve, 700));
  const report = firstLine(loop);
  loop.kill('SIGTERM');
  const { cpuMs, wallMs } = JSON.parse(await report) as { cpuMs: number; wallMs: number };
  await sub.close();
  expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => `step ${i + 1}`));
  expect(Math.max(...latencies)).toBeLessThan(1000);
  expect(cpuMs / wallMs).toBeLessThan(0.5);
  expect(host.parts.store.read(() => host.parts.activities.counts())).toMatchObject({ total: 20, seenBySysmon: 20, userMode: 20 });
});

it('two processes writing at once both commit: immediate transactions and the busy timeout serialise them', async () => {
  const writer = `
const { SimHost } = require(${JSON.stringify(dist)});
const host = SimHost.open(process.argv[1]);
for (let i = 0; i < 200; i++) host.recordActivity({ kind: 'registry-set', fields: { TargetObject: 'HKLM\\\\x\\\\' + process.pid + '\\\\' + i } });
host.close();
`;
  const a = start(writer, t.home);
  const b = start(writer, t.home);
  const codes = await Promise.all([a, b].map((c) => new Promise<number | null>((resolve) => c.once('exit', resolve))));
  expect(codes).toEqual([0, 0]);
  host.pumpAll();
  expect((await host.ports.channels.info(SYSMON_OPERATIONAL_CHANNEL)).recordCount).toBe(2 + 400);
});
