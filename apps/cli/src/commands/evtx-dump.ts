import { dumpRecordJson, NotEvtxError, openEvtxFile, summaryLine } from '@sysward/evtx';
import { formatUsage, parseArgs } from '@sysward/command-line';
import type { Command, CommandIo } from './command';

const FLAGS = { help: { kind: 'boolean' as const, description: 'show this help' } };
const USAGE =
  'usage: sysward evtx dump FILE...\n\nPrints every rendered record as one JSON object per line; a summary per file goes to stderr.\n' +
  'Exit 0 for readable files (even damaged or empty), 2 when a file is not .evtx or cannot be opened.';

/** `sysward evtx dump`: the reader's output, for people and scripts. */
export const evtxDumpCommand: Command = {
  path: ['evtx', 'dump'],
  summary: 'print the records of .evtx files as JSON lines',
  async run(argv: string[], io: CommandIo): Promise<number> {
    const args = parseArgs(argv, FLAGS);
    if (args.flags.help) {
      io.stdout.write(formatUsage(USAGE, FLAGS));
      return 0;
    }
    if (args.positionals.length === 0) {
      io.stderr.write(`sysward evtx dump: give at least one .evtx file\n${USAGE}\n`);
      return 2;
    }
    let exitCode = 0;
    for (const file of args.positionals) {
      let reader;
      try {
        reader = openEvtxFile(file);
      } catch (error) {
        io.stderr.write(`sysward evtx dump: ${describeOpenError(file, error)}\n`);
        exitCode = 2;
        continue;
      }
      try {
        let pending = '';
        for (const record of reader.records()) {
          pending += dumpRecordJson(record) + '\n';
          if (pending.length > 1 << 16) {
            await write(io.stdout, pending);
            pending = '';
          }
        }
        await write(io.stdout, pending);
        io.stderr.write(summaryLine(reader.stats) + '\n');
      } finally {
        reader.close();
      }
    }
    return exitCode;
  },
};

function describeOpenError(file: string, error: unknown): string {
  if (error instanceof NotEvtxError) return error.message;
  const err = error as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return `${file}: no such file`;
  if (err.code === 'EISDIR') return `${file}: is a directory, not an .evtx file`;
  if (err.code === 'EACCES') return `${file}: permission denied`;
  return `${file}: cannot read: ${err.message ?? String(error)}`;
}

/** Writes with back-pressure, so dumping a large file keeps memory bounded. */
function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const ok = stream.write(text, (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else stream.once('drain', resolve);
  });
}
