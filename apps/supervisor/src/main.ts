#!/usr/bin/env node
// Composition root of the supervisor process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLogger, describeError } from '@sysward/agent-runtime';
import { parseSupervisorCommandLine } from './command-line';
import { loadSupervisorConfig } from './config';
import { selectSupervisorPlatform } from './platform';
import { Supervisor } from './supervisor';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_BAD_CONFIG = 2;

async function main(): Promise<number> {
  let commandLine;
  let config;
  try {
    commandLine = parseSupervisorCommandLine(process.argv.slice(2), process.env);
    config = loadSupervisorConfig(commandLine.configFile);
  } catch (error) {
    process.stderr.write(`sysward-supervisor: ${describeError(error)}\n`);
    return EXIT_BAD_CONFIG;
  }

  const { logger, close } = await createLogger('supervisor', commandLine.home);
  const platform = selectSupervisorPlatform(process.platform, logger);
  const supervisor = new Supervisor({
    home: commandLine.home,
    config,
    version: readVersion(),
    runner: platform.runner,
    transport: platform.transport,
    logger,
  });

  // Listen before starting: a stop request during start-up must still stop gracefully.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });

  try {
    await supervisor.start();
  } catch (error) {
    logger.fatal({ error: describeError(error) }, 'supervisor failed to start');
    process.stderr.write(`sysward-supervisor: cannot start: ${describeError(error)}\n`);
    await close();
    return EXIT_FAILED;
  }

  const signal = await stopSignal;
  logger.info({ signal }, 'stop signal received');
  await supervisor.stop();
  await close();
  return EXIT_OK;
}

function readVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sysward-supervisor: ${describeError(error)}\n`);
    process.exitCode = EXIT_FAILED;
  },
);
