#!/usr/bin/env node
// Composition root of the supervisor process.
import * as path from 'node:path';
import { createLogger, describeError, packageVersion, watchSupervisorPipe } from '@sysward/agent-runtime';
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
    version: packageVersion(path.join(__dirname, '..')),
    runner: platform.runner,
    transport: platform.transport,
    logger,
  });

  // Listen before starting: a stop request during start-up must still stop gracefully.
  let unwatchLauncher = (): void => undefined;
  const stopSignal = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
    // Started by `sysward start` with a stdin pipe: its end means the launcher died
    // (even by SIGKILL or a closed terminal), and a supervisor left behind would keep the home busy.
    unwatchLauncher = watchSupervisorPipe(() => resolve('the process that started the supervisor is gone'));
  });

  try {
    await supervisor.start();
  } catch (error) {
    logger.fatal({ error: describeError(error) }, 'supervisor failed to start');
    process.stderr.write(`sysward-supervisor: cannot start: ${describeError(error)}\n`);
    unwatchLauncher();
    await close();
    return EXIT_FAILED;
  }

  const reason = await stopSignal;
  logger.info({ reason }, 'stop requested');
  await supervisor.stop();
  // The watched stdin would keep the event loop, and so the process, alive.
  unwatchLauncher();
  await close();
  return EXIT_OK;
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
