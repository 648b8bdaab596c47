#!/usr/bin/env node
'use strict';
/**
 * Supervisor footprint when idle (R-PERF-1) and status latency (R-SUP-2):
 *   - private dirty memory (smaps_rollup Private_Dirty) and RSS of the
 *     supervisor process, sampled every second over the idle window;
 *   - CPU of the supervisor over the idle window (utime+stime from /proc/PID/stat),
 *     at least 60 s (SYSWARD_BENCH_IDLE_SECONDS may only make it longer);
 *   - GetStatus round trip over the local socket, p50/p99 of 1000 calls.
 * The supervisor runs one idle component (the test fixture), so that it holds a
 * child process and an open status stream as it does in production.
 *
 *   node tools/bench/supervisor-idle.js     prints a table, then the figures as JSON
 * Needs the built projects (npx tsc -b libs/ipc apps/supervisor) and Linux.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const { measureIdle, round, until } = require('./proc-sampler');

const root = path.resolve(__dirname, '..', '..');
const SUPERVISOR_MAIN = path.join(root, 'apps', 'supervisor', 'dist', 'main.js');
const FIXTURE = path.join(root, 'apps', 'supervisor', 'test', 'fixtures', 'component.js');
const MIN_IDLE_SECONDS = 60;
// V8 shrinks the heap a few seconds after start-up allocations stop (its memory
// reducer); "idle" starts after that. The start-up peak is reported beside it.
const WARMUP_SECONDS = 15;
const STATUS_CALLS = 1000;
const TARGETS = { privateDirtyMb: 20, cpuPercent: 0.1 };

/**
 * The built libraries require each other as @sysward/<name>. npm links them into
 * node_modules on install; where that has not happened, the same links are made
 * in a temporary directory and put on NODE_PATH (for this process and children).
 */
function ensureWorkspaceModules() {
  try {
    require.resolve('@sysward/ipc', { paths: [root] });
    return undefined;
  } catch {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-bench-modules-'));
    fs.mkdirSync(path.join(dir, '@sysward'));
    for (const lib of fs.readdirSync(path.join(root, 'libs'))) fs.symlinkSync(path.join(root, 'libs', lib), path.join(dir, '@sysward', lib));
    process.env.NODE_PATH = [dir, process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
    Module._initPaths();
    return dir;
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function runSupervisorBench(options = {}) {
  if (process.platform !== 'linux') throw new Error('supervisor-idle bench reads /proc: Linux only');
  for (const file of [SUPERVISOR_MAIN, path.join(root, 'libs', 'ipc', 'dist', 'index.js')]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: build first (npx tsc -b libs/ipc apps/supervisor)`);
  }
  const idleSeconds = Math.max(MIN_IDLE_SECONDS, Number(options.idleSeconds ?? process.env.SYSWARD_BENCH_IDLE_SECONDS ?? MIN_IDLE_SECONDS));
  const modulesDir = ensureWorkspaceModules();
  const { SupervisorClient, componentAddress } = require(path.join(root, 'libs', 'ipc', 'dist'));

  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-bench-'));
  fs.mkdirSync(path.join(home, 'config'));
  fs.writeFileSync(path.join(home, 'config', 'supervisor.json'), JSON.stringify({ components: [{ name: 'idle-component', command: FIXTURE }] }));
  const supervisor = spawn(process.execPath, [SUPERVISOR_MAIN, '--home', home], { stdio: ['ignore', 'ignore', 'pipe'], env: process.env });
  let stderr = '';
  supervisor.stderr.on('data', (d) => (stderr += d));
  const client = new SupervisorClient(componentAddress(home, 'supervisor', process.platform));
  try {
    await until(async () => {
      if (supervisor.exitCode !== null) throw new Error(`supervisor exited ${supervisor.exitCode}: ${stderr}`);
      const status = await client.getStatus({ deadlineMs: 1000 });
      return status.components.every((c) => c.state === 'ok');
    }, 'the supervisor and its component to be ok');
    client.close(); // an open client connection is not part of "idle"
    const idle = await measureIdle(supervisor.pid, { warmupSeconds: WARMUP_SECONDS, idleSeconds });

    const latencyClient = new SupervisorClient(componentAddress(home, 'supervisor', process.platform));
    await latencyClient.getStatus(); // connect outside the measurement
    const latencies = [];
    for (let i = 0; i < STATUS_CALLS; i++) {
      const t0 = process.hrtime.bigint();
      await latencyClient.getStatus({ deadlineMs: 2000 });
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    latencyClient.close();
    latencies.sort((a, b) => a - b);

    const { peakPrivateDirtyKb, cpuPercent, ...figures } = idle;
    return {
      benchmark: 'supervisor-idle',
      requirement: 'R-PERF-1 (supervisor idle), R-SUP-2 (status latency)',
      ...figures,
      statusCalls: STATUS_CALLS,
      statusP50Ms: round(percentile(latencies, 50), 3),
      statusP99Ms: round(percentile(latencies, 99), 3),
      targets: TARGETS,
      withinTargets: peakPrivateDirtyKb / 1024 <= TARGETS.privateDirtyMb && cpuPercent < TARGETS.cpuPercent,
    };
  } finally {
    client.close();
    supervisor.kill('SIGTERM');
    await new Promise((resolve) => (supervisor.exitCode !== null ? resolve() : supervisor.once('exit', resolve)));
    fs.rmSync(home, { recursive: true, force: true });
    if (modulesDir) fs.rmSync(modulesDir, { recursive: true, force: true });
  }
}

function formatTable(r) {
  const rows = [
    ['private dirty idle (end / peak)', `${r.privateDirtyMb} / ${r.peakPrivateDirtyMb} MB`, `<= ${r.targets.privateDirtyMb} MB`],
    [`private dirty, first ${WARMUP_SECONDS} s after ready`, `${r.startupPeakPrivateDirtyMb} MB peak`, 'start-up, for reference'],
    ['RSS (end / peak)', `${r.rssMb} / ${r.peakRssMb} MB`, 'reported beside it'],
    [`CPU over ${r.idleSeconds} s idle`, `${r.cpuPercentOfCore} % of a core (${r.cpuSeconds} s)`, `< ${r.targets.cpuPercent} %`],
    [`GetStatus p50 / p99 (${r.statusCalls} calls)`, `${r.statusP50Ms} / ${r.statusP99Ms} ms`, ''],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  return [
    'supervisor idle (R-PERF-1)',
    ...rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`.trimEnd()),
    `  within targets: ${r.withinTargets ? 'yes' : 'NO'}`,
  ].join('\n');
}

module.exports = { runSupervisorBench, formatTable };

if (require.main === module) {
  runSupervisorBench().then(
    (result) => {
      process.stdout.write(formatTable(result) + '\n' + JSON.stringify(result) + '\n');
    },
    (error) => {
      process.stderr.write(`supervisor-idle: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
