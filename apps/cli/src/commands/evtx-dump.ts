import { homeFlag } from '@sysward/command-line';
import { dumpRecordJson, NotEvtxError, openEvtxFile, summaryLine } from '@sysward/evtx';
import { LineOutput } from '../line-output';
import { parseCommandLine, type Command, type CommandIo } from './command';

const FLAGS = {
  // Accepted like every command's, though dumping keeps no state.
  home: homeFlag('accepted for uniformity; evtx dump keeps no state'),
  help: { kind: 'boolean' as const, description: 'show this help' },
};
const USAGE =
  'usage: sysward evtx dump FILE...\n\nPrints every rendered record as one JSON object per line; a summary per file goes to stderr.\n' +
  'Exit 0 for readable files (even damaged or empty), 2 when a file is not .evtx or cannot be opened.';

/** `sysward evtx dump`: the reader's output, for people and scripts. */
export const evtxDumpCommand: Command = {
  path: ['evtx', 'dump'],
  summary: 'print the records of .evtx files as JSON lines',
  async run(argv: string[], io: CommandIo): Promise<number> {
    const args = parseCommandLine(argv, FLAGS, USAGE, io);
    if (!args) return 0;
    if (args.positionals.length === 0) {
      io.stderr.write(`sysward evtx dump: give at least one .evtx file\n${USAGE}\n`);
      return 2;
    }
    let exitCode = 0;
    const out = new LineOutput(io.stdout);
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
        for (const record of reader.records()) {
          const waiting = out.line(dumpRecordJson(record));
          if (waiting !== undefined) await waiting;
        }
        await out.flush();
        io.stderr.write(summaryLine(reader.stats) + '\n');
        for (const warning of reader.stats.warnings) io.stderr.write(`  warning: ${warning}\n`);
      } finally {
        reader.close();
      }
    }
    await out.end();
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
