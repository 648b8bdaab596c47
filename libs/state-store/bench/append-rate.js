'use strict';
// Informal throughput check for appendWithCheckpoint (not a test; R-PERF figures come from tools/bench).
// Usage: npx tsc -b libs/state-store && node libs/state-store/bench/append-rate.js [items] [payloadBytes]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { openMonitorStore } = require('../dist');

const total = Number(process.argv[2] ?? 200_000);
const payloadBytes = Number(process.argv[3] ?? 400);
const SOURCE = 'Microsoft-Windows-Sysmon/Operational';

function run(durability, batchSize) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-append-bench-'));
  try {
    const store = openMonitorStore(path.join(dir, 'monitor.db'), { durability });
    const payload = Buffer.alloc(payloadBytes, 0x42);
    const count = batchSize === 1 ? Math.min(total, 5_000) : total;
    const started = process.hrtime.bigint();
    for (let first = 1; first <= count; first += batchSize) {
      const items = [];
      for (let r = first; r < first + batchSize && r <= count; r++) {
        items.push({ key: `0f3c9a2e-agent|microsoft-windows-sysmon/operational|{4c1f0b0e-log}|${r}`, payload });
      }
      const last = first + items.length - 1;
      store.appendWithCheckpoint(items, { source: SOURCE, logInstanceId: 'log', recordId: last, bookmark: `<b r='${last}'/>`, updatedAtMs: Date.now() });
    }
    const appendSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    const drainStarted = process.hrtime.bigint();
    let after = 0;
    for (;;) {
      const page = store.readOutbox(after, 1000);
      if (page.length === 0) break;
      after = page[page.length - 1].seq;
      store.trimThrough(after);
    }
    const drainSeconds = Number(process.hrtime.bigint() - drainStarted) / 1e9;
    store.close();
    return { durability, batchSize, items: count, appendPerSecond: Math.round(count / appendSeconds), drainPerSecond: Math.round(count / drainSeconds) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const rows = [];
for (const batchSize of [500, 50, 1]) for (const durability of ['full', 'normal']) rows.push(run(durability, batchSize));
console.table(rows);
