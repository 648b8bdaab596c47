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


const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function round(value, digits = 1) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Polls `probe` until it returns something truthy; a throwing probe counts as "not yet". */
async function until(probe, what, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/**
 * An idle component's footprint (R-PERF-1): memory sampled once a second,
 * first through a warm-up (V8 shrinks the heap a few seconds after start-up,
 * reported apart), then over the idle window together with the CPU time used.
 */
async function measureIdle(pid, { warmupSeconds, idleSeconds }) {
  let startupPeakKb = 0;
  for (let s = 0; s < warmupSeconds; s++) {
    const m = memoryOf(pid);
    if (m) startupPeakKb = Math.max(startupPeakKb, m.privateDirtyKb);
    await sleep(1000);
  }
  const samples = [];
  const cpuStart = cpuSecondsOf(pid);
  const wallStart = process.hrtime.bigint();
  for (let s = 0; s < idleSeconds; s++) {
    await sleep(1000);
    const m = memoryOf(pid);
    if (m) samples.push(m);
  }
  const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const cpuSeconds = cpuSecondsOf(pid) - cpuStart;
  if (samples.length === 0) throw new Error(`process ${pid} vanished during the idle window`);
  const last = samples[samples.length - 1];
  const peakPrivateDirtyKb = Math.max(...samples.map((m) => m.privateDirtyKb));
  const peakRssKb = Math.max(...samples.map((m) => m.rssKb));
  const cpuPercent = (cpuSeconds / wallSeconds) * 100;
  return {
    idleSeconds: round(wallSeconds),
    warmupSeconds,
    privateDirtyMb: round(last.privateDirtyKb / 1024),
    peakPrivateDirtyMb: round(peakPrivateDirtyKb / 1024),
    startupPeakPrivateDirtyMb: round(startupPeakKb / 1024),
    rssMb: round(last.rssKb / 1024),
    peakRssMb: round(peakRssKb / 1024),
    cpuSeconds: round(cpuSeconds, 3),
    cpuPercentOfCore: round(cpuPercent, 4),
    peakPrivateDirtyKb,
    cpuPercent,
  };
}

module.exports = { memoryOf, cpuSecondsOf, startSampling, sleep, round, until, measureIdle };
