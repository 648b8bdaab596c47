#!/usr/bin/env node
'use strict';
/**
 * Sysmon installer footprint when idle (R-PERF-1), against the simulated host:
 *   - a fresh sim host with one soaked release; `sysward sim run` as the host process;
 *   - the installer (unsupervised, default 60 s periodic reconcile, registry and
 *     channel triggers armed) installs Sysmon, then sits idle;
 *   - private dirty memory (smaps_rollup) and RSS every second, CPU (utime+stime)
 *     over at least 60 s (SYSWARD_BENCH_IDLE_SECONDS may only make it longer), so
 *     the window holds at least one periodic reconcile round.
 *
 *   node tools/bench/installer-idle.js     prints a table, then the figures as JSON
 * Needs the built projects (npx tsc -b) and Linux.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { measureIdle, until } = require('./proc-sampler');

const root = path.resolve(__dirname, '..', '..');
const INSTALLER_MAIN = path.join(root, 'apps', 'sysmon-installer', 'dist', 'main.js');
const CLI = path.join(root, 'apps', 'cli', 'bin', 'sysward.js');
const MIN_IDLE_SECONDS = 60;
// As for the supervisor: V8 shrinks the heap a few seconds after start-up; idle starts after that.
const WARMUP_SECONDS = 15;
const TARGETS = { privateDirtyMb: 20, cpuPercent: 0.1 };
const DAY_MS = 86_400_000;

async function runInstallerBench(options = {}) {
  if (process.platform !== 'linux') throw new Error('installer-idle bench reads /proc: Linux only');
  if (!fs.existsSync(INSTALLER_MAIN)) throw new Error(`${INSTALLER_MAIN} is missing: build first (npx tsc -b)`);
  const idleSeconds = Math.max(MIN_IDLE_SECONDS, Number(options.idleSeconds ?? process.env.SYSWARD_BENCH_IDLE_SECONDS ?? MIN_IDLE_SECONDS));
  const { SimHost } = require(path.join(root, 'libs', 'platform-sim', 'dist'));

  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-bench-installer-'));
  const host = SimHost.create(home);
  host.publishRelease('15.15', { releasedMs: host.clock.now() - 60 * DAY_MS });
  host.close();
  const children = [];
  const start = (args, env = {}) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    child.stderr.resume();
    children.push(child);
    return child;
  };
  try {
    start([CLI, 'sim', 'run', '--home', home, '--quiet']);
    const installer = start([INSTALLER_MAIN, '--home', home], { SYSWARD_TEST_MODE: '1' });
    const log = path.join(home, 'logs', 'sysmon-installer.log');
    await until(() => fs.existsSync(log) && /Sysmon managed/.test(fs.readFileSync(log, 'utf8')), 'the installer to install Sysmon', 20_000);
    const idle = await measureIdle(installer.pid, { warmupSeconds: WARMUP_SECONDS, idleSeconds });
    if (installer.exitCode !== null) throw new Error(`the installer exited (${installer.exitCode}) during the idle window`);
    const { peakPrivateDirtyKb, cpuPercent, ...figures } = idle;
    return {
      benchmark: 'installer-idle',
      requirement: 'R-PERF-1 (sysmon-installer idle, simulated host)',
      ...figures,
      targets: TARGETS,
      withinTargets: peakPrivateDirtyKb / 1024 <= TARGETS.privateDirtyMb && cpuPercent < TARGETS.cpuPercent,
    };
  } finally {
    for (const child of children.reverse()) {
      if (child.exitCode === null) child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve)));
    }
    fs.rmSync(home, { recursive: true, force: true });
  }
}

function formatTable(r) {
  const rows = [
    ['private dirty idle (end / peak)', `${r.privateDirtyMb} / ${r.peakPrivateDirtyMb} MB`, `<= ${r.targets.privateDirtyMb} MB`],
    [`private dirty, first ${WARMUP_SECONDS} s after install`, `${r.startupPeakPrivateDirtyMb} MB peak`, 'start-up, for reference'],
    ['RSS (end / peak)', `${r.rssMb} / ${r.peakRssMb} MB`, 'reported beside it'],
    [`CPU over ${r.idleSeconds} s idle`, `${r.cpuPercentOfCore} % of a core (${r.cpuSeconds} s)`, `< ${r.targets.cpuPercent} %`],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  return [
    'sysmon-installer idle on the simulated host (R-PERF-1)',
    ...rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`.trimEnd()),
    `  within targets: ${r.withinTargets ? 'yes' : 'NO'}`,
  ].join('\n');
}

module.exports = { runInstallerBench, formatTable };

if (require.main === module) {
  runInstallerBench().then(
    (result) => process.stdout.write(formatTable(result) + '\n' + JSON.stringify(result) + '\n'),
    (error) => {
      process.stderr.write(`installer-idle: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
