/** One `sysward` sub-command: parses its own arguments and returns the exit code. */
export interface Command {
  /** Words that select it, e.g. ['evtx', 'dump']. */
  path: string[];
  summary: string;
  run(argv: string[], io: CommandIo): Promise<number>;
}

export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}
