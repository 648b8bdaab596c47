'use strict';
/**
 * `npm run bench` section: the Sysmon installer's idle footprint on the simulated
 * host (R-PERF-1), measured by tools/bench/installer-idle.js over at least 60 s.
 */
const { runInstallerBench } = require('../installer-idle');

async function run() {
  const r = await runInstallerBench();
  const mbToKb = (mb) => Math.round(mb * 1024);
  const rows = [
    {
      what: `sysmon-installer idle on the simulated host, Sysmon managed, CPU over ${r.idleSeconds} s (R-PERF-1)`,
      seconds: r.idleSeconds,
      value: `${r.cpuPercentOfCore} % CPU`,
      peak: { rssKb: mbToKb(r.peakRssMb), privateDirtyKb: mbToKb(r.peakPrivateDirtyMb) },
    },
  ];
  const targets = [
    [`R-PERF-1 sysmon-installer idle private dirty <= ${r.targets.privateDirtyMb} MB (peak over the idle window)`, `${r.peakPrivateDirtyMb} MB`, r.peakPrivateDirtyMb <= r.targets.privateDirtyMb],
    [`R-PERF-1 sysmon-installer idle CPU < ${r.targets.cpuPercent} % of a core`, `${r.cpuPercentOfCore} %`, r.cpuPercentOfCore < r.targets.cpuPercent],
  ];
  const notes = [
    `Installer idle: unsupervised, 60 s periodic reconcile plus registry and channel triggers, against \`sysward sim run\`; measured after ${r.warmupSeconds} s of settling ` +
      `(start-up peak ${r.startupPeakPrivateDirtyMb} MB private dirty); at the end ${r.privateDirtyMb} MB private dirty, ${r.rssMb} MB RSS.`,
  ];
  return { rows, targets, notes };
}

module.exports = { run };
