#!/usr/bin/env node
'use strict';
// Thin launcher: the command lives in dist/ (built by `npm ci` through the prepare script).
const path = require('node:path');
const fs = require('node:fs');

process.stdout.on('error', (error) => {
  // A closed pipe (`sysward evtx dump f | head`) is the reader's choice, not a failure.
  if (error && error.code === 'EPIPE') process.exit(0);
  throw error;
});

const entry = path.join(__dirname, '..', 'dist', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(`sysward: ${entry} is missing; build first with \`npm run build\` (npm ci does it for you)\n`);
  process.exit(2);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write(`sysward: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  });
