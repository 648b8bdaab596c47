'use strict';
/**
 * Samples a process's memory from /proc while it runs: RSS and private dirty
 * memory (smaps_rollup's Private_Dirty, the counterpart of Windows' private
 * working set, R-PERF-1), keeping the peaks; and its CPU time from /proc/PID/stat.
 */
const fs = require('node:fs');

function readKb(text, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) : null;
}

function memoryOf(pid) {
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return { rssKb: readKb(rollup, 'Rss'), privateDirtyKb: readKb(rollup, 'Private_Dirty') };
  } catch {
    return null;
  }
}

/** utime + stime of a process in seconds. */
function cpuSecondsOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

function startSampling(pid, intervalMs = 50) {
  const peak = { rssKb: 0, privateDirtyKb: 0 };
  const sample = () => {
    const m = memoryOf(pid);
    if (!m) return;
    peak.rssKb = Math.max(peak.rssKb, m.rssKb ?? 0);
    peak.privateDirtyKb = Math.max(peak.privateDirtyKb, m.privateDirtyKb ?? 0);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

module.exports = { memoryOf, cpuSecondsOf, startSampling };
