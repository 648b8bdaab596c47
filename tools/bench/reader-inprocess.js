'use strict';
// Child process: reads every record of FILE with @sysward/evtx and prints {records, seconds} as JSON.
const { openEvtxFile } = require('../../libs/evtx/dist');

const file = process.argv[2];
const reader = openEvtxFile(file);
const start = process.hrtime.bigint();
let records = 0;
let fields = 0;
for (const record of reader.records()) {
  records++;
  fields += record.eventId; // touch the record so nothing is optimised away
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
reader.close();
process.stdout.write(JSON.stringify({ records, seconds, checksum: fields, stats: { damaged: reader.stats.damagedChunks.length, errors: reader.stats.recordErrors.count } }) + '\n');
