'use strict';
// Child process: .evtx -> normalise -> durable SQLite outbox + checkpoint (the monitor's ingest loop), timed.
const fs = require('node:fs');
const path = require('node:path');
const { openMonitorStore } = require('../../libs/state-store/dist');
const { RecordingSource, MonitorCounters, runIngest, createRecordEncoder } = require('../../apps/events-monitor/dist');

async function main() {
  const [file, home] = process.argv.slice(2);
  fs.mkdirSync(home, { recursive: true });
  const store = openMonitorStore(path.join(home, 'state.db'));
  const counters = new MonitorCounters();
  const source = new RecordingSource({
    paths: [file],
    watch: false,
    watchIntervalMs: 1000,
    batchSize: 500,
    checkpointOf: (key) => store.getCheckpoint(key),
    observer: { onDamage() {}, onSourceDone() {}, onSourceError(label, error) { throw error; } },
  });
  const encode = createRecordEncoder({ agentId: '00000000-0000-4000-8000-000000000000', eventIds: [1, 3, 8, 10, 13, 25] });
  const start = process.hrtime.bigint();
  await runIngest(
    {
      source,
      store,
      encode,
      counters,
      outboxCapBytes: Number.MAX_SAFE_INTEGER,
      now: Date.now,
      onCommitted() {},
      onRecordError(label, id, error) { throw error; },
    },
    new AbortController().signal,
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const stats = store.stats();
  store.close();
  process.stdout.write(JSON.stringify({ records: counters.read, forwarded: counters.forwarded, outboxItems: stats.count, outboxBytes: stats.bytes, seconds }) + '\n');
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
