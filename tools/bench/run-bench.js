#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: builds a large Sysmon .evtx from real corpus chunks and
 * measures, side by side in one run (R-PERF-1, R-PERF-2):
 *   - the .evtx reader's records/s, in-process and as a whole process
 *     (`sysward evtx dump`), against Debian's evtxexport on the same file;
 *   - the pipeline's events/s from .evtx to the durable outbox, on one core;
 *   - peak RSS and private dirty memory (smaps_rollup) of each process.
 * Prints a table and writes docs/benchmarks.md. Other components add sections
 * through tools/bench/sections/*.js (each exports `run(context)`).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildLargeEvtx } = require('./build-large-evtx');
const { startSampling } = require('./proc-sampler');

const root = path.resolve(__dirname, '..', '..');
const MIN_RECORDS = Number(process.env.SYSWARD_BENCH_RECORDS || 200000);

function sourceRecordings() {
  const corpus = process.env.SYSWARD_CORPUS || path.resolve(root, '..', 'shared', 'corpus');
  const corpusFiles = [
    'python-evtx__issue_43.evtx',
    'omerbenamram-evtx__sysmon.evtx',
    'evtx-attack-samples__PanacheSysmon_vs_AtomicRedTeam01.evtx',
    'evtx-attack-samples__persistence_sysmon_11_13_1_shime_appfix.evtx',
    'evtx-attack-samples__de_unmanagedpowershell_psinject_sysmon_7_8_10.evtx',
    'evtx-attack-samples__DE_sysmon-3-rdp-tun.evtx',
    'deepbluecli__metasploit-sysmon.evtx',
  ].map((f) => path.join(corpus, 'evtx', f));
  if (corpusFiles.every((f) => fs.existsSync(f))) return { files: corpusFiles, from: `the shared corpus (${corpus})` };
  const samples = path.join(root, 'samples', 'recordings');
  return { files: fs.readdirSync(samples).map((f) => path.join(samples, f)), from: 'the bundled samples (no shared corpus found)' };
}

/** Runs a command, sampling its memory; resolves with wall seconds, output and peaks. */
function measure(command, args, { stdoutFile, cpu } = {}) {
  return new Promise((resolve, reject) => {
    const argv = cpu === undefined || !hasTaskset() ? [command, args] : ['taskset', ['-c', String(cpu), command, ...args]];
    const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'pipe';
    const start = process.hrtime.bigint();
    const child = spawn(argv[0], argv[1], { stdio: ['ignore', out, 'pipe'] });
    const sampler = startSampling(child.pid, 20);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const peak = sampler.stop();
      if (typeof out === 'number') fs.closeSync(out);
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 2000)}`));
      resolve({ seconds, stdout, stderr, peak });
    });
  });
}

let tasksetKnown;
function hasTaskset() {
  if (tasksetKnown === undefined) tasksetKnown = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  return tasksetKnown;
}

function ensureEvtxexport() {
  if (spawnSync('evtxexport', ['-V']).status === 0) return true;
  if (process.getuid && process.getuid() === 0) {
    process.stderr.write('installing Debian libevtx-utils for evtxexport...\n');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    spawnSync('apt-get', ['install', '-y', '-qq', 'libevtx-utils'], { stdio: 'ignore' });
  }
  return spawnSync('evtxexport', ['-V']).status === 0;
}

const mb = (kb) => (kb / 1024).toFixed(1);
const rate = (n, s) => Math.round(n / s);

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-bench-'));
  const rows = [];
  const notes = [];
  try {
    const { files, from } = sourceRecordings();
    const big = path.join(work, 'large-sysmon.evtx');
    const built = buildLargeEvtx(files, big, MIN_RECORDS);
    notes.push(`Input: ${built.records} records in ${built.chunks} chunks (${(built.bytes / 1048576).toFixed(0)} MiB), real chunks of ${from}, renumbered.`);

    const inproc = await measure(process.execPath, [path.join(__dirname, 'reader-inprocess.js'), big], { cpu: 0 });
    const reader = JSON.parse(inproc.stdout);
    rows.push({ what: '.evtx reader, in-process (@sysward/evtx)', n: reader.records, unit: 'records', seconds: reader.seconds, peak: inproc.peak });

    const dump = await measure(process.execPath, [path.join(root, 'apps', 'cli', 'bin', 'sysward.js'), 'evtx', 'dump', big], { stdoutFile: '/dev/null', cpu: 0 });
    rows.push({ what: '.evtx reader, whole process (sysward evtx dump > /dev/null)', n: reader.records, unit: 'records', seconds: dump.seconds, peak: dump.peak });

    let reference = null;
    if (ensureEvtxexport()) {
      const ref = await measure('evtxexport', ['-f', 'xml', big], { stdoutFile: '/dev/null', cpu: 0 });
      reference = { n: built.records, seconds: ref.seconds };
      rows.push({ what: 'evtxexport -f xml > /dev/null (Debian libevtx-utils, C)', n: built.records, unit: 'records', seconds: ref.seconds, peak: ref.peak });
    } else {
      notes.push('evtxexport is not installed (apt-get install libevtx-utils): the reference column is missing.');
    }

    const pipeHome = path.join(work, 'pipeline');
    const pipe = await measure(process.execPath, [path.join(__dirname, 'pipeline-inprocess.js'), big, pipeHome], { cpu: 0 });
    const pipeline = JSON.parse(pipe.stdout);
    rows.push({ what: 'pipeline .evtx -> normalise -> durable outbox (one core)', n: pipeline.records, unit: 'records', seconds: pipeline.seconds, peak: pipe.peak });
    rows.push({ what: '  of which forwarded events (ids 1,3,8,10,13,25) into the outbox', n: pipeline.forwarded, unit: 'events', seconds: pipeline.seconds, peak: null });

    const results = rows.map((r) => ({ ...r, perSecond: rate(r.n, r.seconds) }));
    const readerRate = results[0].perSecond;
    const wholeRate = results[1].perSecond;
    const targets = [];
    if (reference) {
      const refRate = rate(reference.n, reference.seconds);
      targets.push(['R-PERF-2 reader >= 10x evtxexport (in-process)', `${(readerRate / refRate).toFixed(1)}x`, readerRate >= 10 * refRate]);
      targets.push(['R-PERF-2 reader >= 10x evtxexport (whole process)', `${(wholeRate / refRate).toFixed(1)}x`, wholeRate >= 10 * refRate]);
    }
    const pipelineRow = results.find((r) => r.what.startsWith('pipeline'));
    const forwardedRow = results.find((r) => r.what.includes('forwarded events'));
    targets.push(['R-PERF-2 pipeline >= 50,000 records/s to the outbox', `${pipelineRow.perSecond}/s`, pipelineRow.perSecond >= 50000]);
    targets.push(['R-PERF-2 pipeline >= 50,000 forwarded events/s to the outbox', `${forwardedRow.perSecond}/s`, forwardedRow.perSecond >= 50000]);

    for (const section of loadSections()) {
      const extra = await section.run({ root, work });
      results.push(...(extra.rows ?? []).map((r) => ({ ...r, perSecond: r.n && r.seconds ? rate(r.n, r.seconds) : null })));
      targets.push(...(extra.targets ?? []));
      notes.push(...(extra.notes ?? []));
    }

    const markdown = renderMarkdown(results, targets, notes);
    fs.writeFileSync(path.join(root, 'docs', 'benchmarks.md'), markdown);
    process.stdout.write(renderTable(results, targets) + '\nwritten: docs/benchmarks.md\n');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function loadSections() {
  const dir = path.join(__dirname, 'sections');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort().map((f) => require(path.join(dir, f)));
}

function cells(r) {
  return [
    r.what,
    r.n === undefined || r.n === null ? '' : `${r.n} ${r.unit}`,
    r.seconds === undefined || r.seconds === null ? '' : r.seconds.toFixed(2),
    r.perSecond === null || r.perSecond === undefined ? (r.value ?? '') : `${r.perSecond}/s`,
    r.peak ? mb(r.peak.rssKb) : '',
    r.peak ? mb(r.peak.privateDirtyKb) : '',
  ];
}

const HEAD = ['measurement', 'work', 'seconds', 'rate', 'peak RSS MB', 'peak private dirty MB'];

function renderTable(results, targets) {
  const table = [HEAD, ...results.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
  const line = (row) => row.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  const out = [line(table[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...table.slice(1).map(line), ''];
  for (const [name, value, ok] of targets) out.push(`${ok ? 'MET ' : 'MISS'}  ${name}: ${value}`);
  return out.join('\n') + '\n';
}

function renderMarkdown(results, targets, notes) {
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString()} (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}).`,
    'Each measured process is pinned to one core with taskset. Memory is sampled every 20 ms from /proc/PID/smaps_rollup:',
    'private dirty memory is the counterpart of Windows\' private working set (R-PERF-1); RSS includes the shared Node binary.',
    '',
    `| ${HEAD.join(' | ')} |`,
    `| ${HEAD.map(() => '---').join(' | ')} |`,
    ...results.map((r) => `| ${cells(r).join(' | ')} |`),
    '',
    '## Targets',
    '',
    '| target | measured | result |',
    '| --- | --- | --- |',
    ...targets.map(([name, value, ok]) => `| ${name} | ${value} | ${ok ? 'met' : '**missed**'} |`),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ];
  return lines.join('\n');
}

main().catch((error) => {
  process.stderr.write(`bench: ${error && error.stack ? error.stack : error}\n`);
  process.exitCode = 1;
});
