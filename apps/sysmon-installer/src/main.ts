/**
 * Composition root of the sysmon-installer process.
 *   node apps/sysmon-installer/dist/main.js [--home DIR] [--sim] [--once] [--interval-ms N]
 *        [--config SYSMON.XML] [--manifest-key PUBLIC.PEM | --development-key]
 * Reconciles on start, on Sysmon events 4/16/255, on registry changes under Services,
 * and every --interval-ms. Started by the supervisor (SYSWARD_COMPONENT set) it reports
 * its Sysmon state and coordinates with the events monitor; run by hand it never
 * connects, and --once prints the resulting status as JSON.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageVersion, resolveHome, supervisedIdentity, type InstallerStatus } from '@sysward/agent-runtime';
import { formatUsage, parseArgs, UsageError, type FlagSpec, homeFlag } from '@sysward/command-line';
import { isPlatformError } from '@sysward/platform';
import { DEFAULT_MANAGED_CONFIG_XML } from './config/default-config';
import { InstallerService } from './host/installer-service';
import { NO_MONITOR } from './host/monitor-link';
import { loadSimReleases } from './host/release-manifest';
import { InstallerStore } from './journal/installer-store';
import { chooseManifestKey, ManifestKeyError } from './main/manifest-key';
import { selectPlatform } from './main/select-platform';
import { startTriggers } from './main/triggers';
import type { InstallerSupervision } from './main/supervision';
import { DEFAULT_POLICY } from './model/policy';

export const DEFAULT_INTERVAL_MS = 60_000;

const FLAGS: Record<string, FlagSpec> = {
  home: homeFlag('state, sockets and logs (default ./var)'),
  sim: { kind: 'boolean', description: 'the simulated host under <home>/sim (also chosen when it exists)' },
  once: { kind: 'boolean', description: 'reconcile until converged, print the status as JSON and exit' },
  'interval-ms': { kind: 'number', description: `periodic reconcile interval (default ${DEFAULT_INTERVAL_MS})` },
  config: { kind: 'string', description: 'the managed Sysmon configuration XML (default: built-in)' },
  'manifest-key': { kind: 'string', description: 'Ed25519 public key (PEM) the release manifest must verify with' },
  'development-key': { kind: 'boolean', description: 'simulated host only: accept the committed development key (loud warning)' },
  'monitor-component': { kind: 'string', description: 'the events monitor to coordinate with (default events-monitor)' },
  help: { kind: 'boolean', description: 'show this help' },
};
const USAGE = 'usage: sysmon-installer [--home DIR] [--sim] [--once] [--interval-ms N] [--config FILE] [--manifest-key FILE | --development-key]';

function logger(home: string): (message: string) => void {
  const dir = path.join(home, 'logs');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'sysmon-installer.log');
  return (message) => fs.appendFileSync(file, `${new Date().toISOString()} ${message}\n`);
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, FLAGS);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sysmon-installer: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (args.flags.help) {
    process.stdout.write(formatUsage(USAGE, FLAGS));
    return 0;
  }
  const home = resolveHome(args.flags.home as string | undefined);
  const intervalMs = (args.flags['interval-ms'] as number | undefined) ?? DEFAULT_INTERVAL_MS;
  if (!Number.isInteger(intervalMs) || intervalMs < 1000) {
    process.stderr.write(`sysmon-installer: --interval-ms must be an integer of at least 1000\n`);
    return 2;
  }
  const log = logger(home);
  let platform;
  let key;
  try {
    platform = selectPlatform({ home, sim: Boolean(args.flags.sim) }, process.platform);
    key = chooseManifestKey({
      keyFile: (args.flags['manifest-key'] as string | undefined) ?? null,
      developmentKey: Boolean(args.flags['development-key']),
      sim: platform.sim,
      env: process.env,
    });
  } catch (error) {
    platform?.close();
    if (!isPlatformError(error) && !(error instanceof ManifestKeyError)) throw error;
    process.stderr.write(`sysmon-installer: ${error.message}\n`);
    return 2;
  }
  if (key.warning) {
    process.stderr.write(`${key.warning}\n`);
    log(key.warning);
  }
  const configXml = args.flags.config ? fs.readFileSync(args.flags.config as string, 'utf8') : DEFAULT_MANAGED_CONFIG_XML;
  const stateDir = path.join(home, 'sysmon-installer');
  fs.mkdirSync(stateDir, { recursive: true });
  const opened = InstallerStore.open(path.join(stateDir, 'installer.db'), platform.ports.clock.now());
  if (opened.movedAside) log(`installer store moved aside to ${opened.movedAside.path}: ${opened.movedAside.reason}`);
  const loadReleases = async () => {
    const verified = await loadSimReleases(platform.ports.releases, key.publicKeyPem, key.env);
    if (!verified.ok) throw verified.error;
    return verified.releases;
  };

  const stop = new AbortController();
  let supervision: InstallerSupervision | null = null;
  const requestStop = (reason: string): void => {
    if (stop.signal.aborted) return;
    log(`stop requested: ${reason}`);
    stop.abort();
  };
  process.once('SIGINT', () => requestStop('SIGINT'));
  process.once('SIGTERM', () => requestStop('SIGTERM'));
  let stopTriggers: (() => void) | null = null;
  let refresh: NodeJS.Timeout | null = null;
  try {
    const identity = args.flags.once ? null : supervisedIdentity();
    if (identity) {
      supervision = await loadSupervision().superviseInstaller({
        ...identity,
        version: packageVersion(path.join(__dirname, '..')),
        monitorComponent: (args.flags['monitor-component'] as string | undefined) ?? 'events-monitor',
        requestStop,
        warn: log,
      });
    }
    let last: InstallerStatus | null = null;
    const service = new InstallerService({
      ports: platform.ports,
      store: opened.store,
      releases: await loadReleases(),
      configXml,
      policy: DEFAULT_POLICY,
      monitor: supervision?.monitor ?? NO_MONITOR,
      managedSinceFile: path.join(stateDir, 'managed-since.json'),
      onStatus: (status) => {
        if (JSON.stringify(status) !== JSON.stringify(last)) log(`Sysmon ${status.sysmonState}: ${status.sysmonStateReason}`);
        last = status;
        supervision?.report(status);
      },
    });
    log(`sysmon installer started on ${platform.description} (pid ${process.pid}, every ${intervalMs} ms)`);
    const round = async (why: string): Promise<void> => {
      // Why a round ran is what explains a repair (or its absence); the periodic ones are not news.
      if (why !== 'periodic') log(`reconcile: ${why}`);
      try {
        service.setReleases(await loadReleases());
        await service.reconcile();
        // Our own event 4 "Started" is written a moment after the install (R-MON-3): look again shortly.
        if (service.pendingStartedRecord && !args.flags.once && !refresh) {
          refresh = setInterval(() => {
            if (stop.signal.aborted || !service.pendingStartedRecord) {
              clearInterval(refresh!);
              refresh = null;
            } else void service.refreshMonitor();
          }, 1000);
        }
      } catch (error) {
        log(`reconcile (${why}) failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    if (args.flags.once) {
      await round('start');
      await service.refreshMonitor();
      process.stdout.write(`${JSON.stringify(last)}\n`);
      return 0;
    }
    // Watch first, then look: a change made while the first round runs still triggers another.
    stopTriggers = await startTriggers({ ports: platform.ports, intervalMs, signal: stop.signal, onTrigger: (why) => void round(why) });
    await round('start');
    await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
    await service.idle();
  } catch (error) {
    await supervision?.failed(error);
    throw error;
  } finally {
    stopTriggers?.();
    if (refresh) clearInterval(refresh);
    opened.store.close();
    platform.close();
  }
  await supervision?.stopped();
  log('sysmon installer stopped');
  return 0;
}

function loadSupervision(): typeof import('./main/supervision') {
  return require('./main/supervision') as typeof import('./main/supervision');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`sysmon-installer: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
