import * as path from 'node:path';
import pino, { type Logger } from 'pino';
import { parseSize, RotatingLogFile } from './rotating-log-file';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: pino.LevelWithSilent;
  /** Rotate when the current file reaches this size, e.g. '10m'. */
  rotateSize?: string;
  /** Rotated files kept besides the current one. */
  keepFiles?: number;
}

export interface ComponentLogger {
  logger: Logger;
  /** Flush and close the file; call once, when the process stops. */
  close(): Promise<void>;
}

/**
 * The process's one logger: JSON lines in `<home>/logs/<component>.N.log`,
 * rotated by size. Modules take `logger.child({ module })`.
 *
 * The destination is written from the main thread (no transport worker) because
 * a worker thread costs several MB of private memory, more than an idle
 * component's whole log volume justifies; writes are synchronous so that the
 * last lines before a crash reach the disk.
 */
export async function createLogger(component: string, home: string, options: LoggerOptions = {}): Promise<ComponentLogger> {
  if (!/^[a-z][a-z0-9-]*$/.test(component)) {
    throw new Error(`createLogger: component name must be kebab-case letters and digits, got ${JSON.stringify(component)}`);
  }
  if (!path.isAbsolute(home)) throw new Error(`createLogger: home must be an absolute path, got ${JSON.stringify(home)}`);
  const destination = new RotatingLogFile({
    dir: path.join(home, 'logs'),
    base: component,
    maxBytes: parseSize(options.rotateSize ?? '10m'),
    keep: options.keepFiles ?? 5,
  });
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { component, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
  let closed: Promise<void> | undefined;
  return {
    logger,
    close() {
      closed ??= Promise.resolve().then(() => destination.close());
      return closed;
    },
  };
}
