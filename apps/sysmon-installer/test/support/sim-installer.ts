/** An installer over a fresh simulated host, in-process, with a recording monitor link. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SimHost } from '@sysward/platform-sim';
import { DEFAULT_POLICY, InstallerStore } from '../../src';
import { DEFAULT_MANAGED_CONFIG_XML } from '../../src/config/default-config';
import { InstallerService } from '../../src/host/installer-service';
import type { MonitorLink } from '../../src/host/monitor-link';
import { DEVELOPMENT_PUBLIC_KEY_FILE, loadSimReleases } from '../../src/host/release-manifest';

export const DAY = 86_400_000;
export const START = Date.UTC(2026, 2, 1, 9, 0, 0);

export interface RecordingMonitor extends MonitorLink {
  readonly calls: string[];
  readonly states: { state: string; managedSinceRecordId: number; reason: string }[];
}

export function recordingMonitor(): RecordingMonitor {
  const calls: string[] = [];
  const states: RecordingMonitor['states'] = [];
  return {
    calls,
    states,
    prepare: async (reason) => void calls.push(`prepare ${reason}`),
    done: async (reason) => void calls.push(`done ${reason}`),
    setState: async (n) => void states.push({ state: n.state, managedSinceRecordId: n.managedSinceRecordId, reason: n.reason }),
  };
}

export interface SimInstaller {
  home: string;
  host: SimHost;
  store: InstallerStore;
  monitor: RecordingMonitor;
  service: InstallerService;
  /** Re-reads the signed manifest (after `publishRelease`), reconciles, and lets the host write its records. */
  reconcile(): Promise<void>;
  dispose(): void;
}

export async function simInstaller(options: { os?: string; releases?: { version: string; ageDays: number; vulnerable?: boolean }[] } = {}): Promise<SimInstaller> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-installer-'));
  const host = SimHost.create(home, { frozenAtMs: START, os: options.os });
  for (const r of options.releases ?? [{ version: '15.15', ageDays: 60 }]) {
    host.publishRelease(r.version, { releasedMs: START - r.ageDays * DAY, vulnerable: r.vulnerable });
  }
  const store = InstallerStore.open(path.join(home, 'installer.db'), START).store;
  const monitor = recordingMonitor();
  const publicKey = fs.readFileSync(DEVELOPMENT_PUBLIC_KEY_FILE, 'utf8');
  const releases = async () => {
    const verified = await loadSimReleases(host.ports.releases, publicKey, process.env);
    if (!verified.ok) throw verified.error;
    return verified.releases;
  };
  const service = new InstallerService({
    ports: host.ports,
    store,
    releases: await releases(),
    configXml: DEFAULT_MANAGED_CONFIG_XML,
    policy: DEFAULT_POLICY,
    monitor,
    managedSinceFile: path.join(home, 'managed-since.json'),
  });
  return {
    home,
    host,
    store,
    monitor,
    service,
    async reconcile() {
      service.setReleases(await releases());
      await service.reconcile();
      host.pumpAll();
      await service.refreshMonitor();
    },
    dispose() {
      store.close();
      host.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
