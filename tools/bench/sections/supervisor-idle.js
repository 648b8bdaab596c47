'use strict';
/**
 * `npm run bench` section: the supervisor's idle footprint (R-PERF-1) and its
 * GetStatus latency (R-SUP-2), measured by tools/bench/supervisor-idle.js over
 * at least 60 s (SYSWARD_BENCH_IDLE_SECONDS may make it longer).
 */
const { runSupervisorBench } = require('../supervisor-idle');

async function run() {
  const r = await runSupervisorBench();
  const mbToKb = (mb) => Math.round(mb * 1024);
  const rows = [
    {
      what: `supervisor idle, one child component, CPU over ${r.idleSeconds} s (R-PERF-1)`,
      seconds: r.idleSeconds,
      value: `${r.cpuPercentOfCore} % CPU`,
      peak: { rssKb: mbToKb(r.peakRssMb), privateDirtyKb: mbToKb(r.peakPrivateDirtyMb) },
    },
    { what: `supervisor GetStatus round trip over the local socket (${r.statusCalls} calls)`, value: `p50 ${r.statusP50Ms} ms, p99 ${r.statusP99Ms} ms` },
  ];
  const targets = [
    [`R-PERF-1 supervisor idle private dirty <= ${r.targets.privateDirtyMb} MB (peak over the idle window)`, `${r.peakPrivateDirtyMb} MB`, r.peakPrivateDirtyMb <= r.targets.privateDirtyMb],
    [`R-PERF-1 supervisor idle CPU < ${r.targets.cpuPercent} % of a core`, `${r.cpuPercentOfCore} %`, r.cpuPercentOfCore < r.targets.cpuPercent],
  ];
  const notes = [
    `Supervisor idle: measured after ${r.warmupSeconds} s of settling (start-up peak ${r.startupPeakPrivateDirtyMb} MB private dirty); ` +
      `at the end ${r.privateDirtyMb} MB private dirty, ${r.rssMb} MB RSS (RSS includes the shared Node binary).`,
  ];
  return { rows, targets, notes };
}

module.exports = { run };
