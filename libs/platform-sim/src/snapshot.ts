/** A readable picture of the whole host (`sysward sim show`), as data and as text. */
import { serviceImageFile, sysmonParametersKey, type ChannelInfo, type OsVersion, type ServiceInfo, type SysmonRelease } from '@sysward/platform';
import { hostProcessOf } from './host-loop';
import type { BootRow } from './host/power';
import { decodeSimBinary, sha256Hex } from './host/sim-binary';
import type { SimHost } from './sim-host';

export interface SysmonSummary {
  service: string;
  driver: string;
  kind: string;
  installedVersion: string;
  imageVersion: string | null;
  imageSha256: string | null;
  serviceState: string;
  driverState: string;
  launchProtected: string;
  rulesSha256: string | null;
  configFile: string | null;
}

export interface HostSnapshot {
  file: string;
  power: 'on' | 'off';
  clock: { nowMs: number; iso: string; frozen: boolean; offsetMs: number };
  hostName: string;
  os: OsVersion;
  optionalFeatures: { name: string; state: string }[];
  boots: BootRow[];
  services: ServiceInfo[];
  sysmon: SysmonSummary[];
  channels: (ChannelInfo & { registered: boolean })[];
  activities: { total: number; seenBySysmon: number; userMode: number; sysmonQueue: number; userModePending: number };
  counters: Record<string, number>;
  releases: SysmonRelease[];
  faults: { op: string; code: string; remaining: number }[];
  hostProcess: { pid: number; alive: boolean } | null;
}

export function takeSnapshot(host: SimHost): HostSnapshot {
  const { store, scm, sysmon, channels, activities, power, os, releases, registry, files } = host.parts;
  return store.read(() => {
    const nowMs = host.clock.now();
    const frozen = store.getMeta('clock.frozen_ms') !== null;
    const sysmonSummaries = sysmon.instances().map((instance): SysmonSummary => {
      const service = scm.query(instance.service);
      const driver = scm.query(instance.driver);
      const image = service ? files.get(serviceImageFile(service.imagePath, service.kind)) : null;
      const rules = registry.getValue(sysmonParametersKey(instance.driver), 'Rules');
      const configFile = registry.getValue(sysmonParametersKey(instance.driver), 'ConfigFile');
      return {
        service: instance.service,
        driver: instance.driver,
        kind: instance.kind,
        installedVersion: instance.version,
        imageVersion: image ? (decodeSimBinary(image.content)?.versionInfo.fileVersion ?? null) : null,
        imageSha256: image?.sha256 ?? null,
        serviceState: service ? `${service.state}${service.deletePending ? ' (delete pending)' : ''}` : 'missing',
        driverState: driver ? `${driver.state}${driver.deletePending ? ' (delete pending)' : ''}` : 'missing',
        launchProtected: service?.launchProtected ?? 'none',
        rulesSha256: rules?.type === 'REG_BINARY' ? sha256Hex(rules.data) : null,
        configFile: configFile?.type === 'REG_SZ' ? configFile.data : null,
      };
    });
    const channelRows = store.db.prepare('SELECT name FROM channels ORDER BY name_key').all() as { name: string }[];
    const counters = Object.fromEntries(
      (store.db.prepare("SELECT key, value FROM meta WHERE key LIKE 'counter.%' ORDER BY key").all() as { key: string; value: string }[]).map((r) => [r.key.slice(8), Number(r.value)]),
    );
    const process = hostProcessOf(host);
    return {
      file: host.file,
      power: store.power(),
      clock: { nowMs, iso: new Date(nowMs).toISOString(), frozen, offsetMs: store.getNumber('clock.offset_ms', 0) },
      hostName: os.hostName(),
      os: os.read(),
      optionalFeatures: store.db.prepare('SELECT name, state FROM optional_features ORDER BY name_key').all() as { name: string; state: string }[],
      boots: power.boots().slice(-10),
      services: scm.list(),
      sysmon: sysmonSummaries,
      channels: channelRows.map(({ name }) => {
        const row = channels.get(name)!;
        return { ...channels.info(row), registered: row.registered === 1 };
      }),
      activities: { ...activities.counts(), sysmonQueue: sysmon.pending(), userModePending: activities.pendingUserMode() },
      counters,
      releases: releases.list(),
      faults: store.db.prepare('SELECT op, code, remaining FROM faults ORDER BY op').all() as { op: string; code: string; remaining: number }[],
      hostProcess: process ? { pid: process.pid, alive: process.alive } : null,
    };
  });
}

const iso = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());

export function formatSnapshot(s: HostSnapshot): string {
  const lines: string[] = [];
  const os = s.os;
  lines.push(`host ${s.hostName}  (${s.file})`);
  lines.push(`power ${s.power}   clock ${s.clock.iso}${s.clock.frozen ? ' (frozen)' : ''}   host process ${s.hostProcess ? `pid ${s.hostProcess.pid}${s.hostProcess.alive ? '' : ' (not running)'}` : 'none'}`);
  lines.push(`os ${os.productName} ${os.displayVersion ?? ''} ${os.major}.${os.minor}.${os.build}.${os.ubr} ${os.productType} ${os.architecture}`.replace(/\s+/g, ' '));
  if (s.optionalFeatures.length > 0) lines.push(`optional features: ${s.optionalFeatures.map((f) => `${f.name}=${f.state}`).join(', ')}`);
  lines.push('', 'boots:');
  for (const b of s.boots) lines.push(`  #${b.id} ${iso(b.started_ms)} .. ${b.ended_ms === null ? 'running' : `${iso(b.ended_ms)} ${b.end_kind}${b.bugcheck_code ? ` 0x${b.bugcheck_code.toString(16)}` : ''}`}`);
  lines.push('', 'sysmon:');
  if (s.sysmon.length === 0) lines.push('  (not installed)');
  for (const m of s.sysmon) {
    lines.push(`  ${m.service} (${m.kind}, installed v${m.installedVersion}, image v${m.imageVersion ?? '?'}) service ${m.serviceState}, driver ${m.driver} ${m.driverState}, protected ${m.launchProtected}`);
    lines.push(`    rules sha256 ${m.rulesSha256 ?? '-'}  config ${m.configFile || '-'}  image sha256 ${m.imageSha256 ?? '-'}`);
  }
  lines.push('', 'services:');
  for (const svc of s.services) {
    lines.push(`  ${svc.name.padEnd(14)} ${svc.kind.padEnd(18)} ${svc.startType.padEnd(8)} ${svc.state.padEnd(8)} ${svc.pid === null ? '' : `pid ${svc.pid} `}${svc.launchProtected !== 'none' ? `[${svc.launchProtected}] ` : ''}${svc.deletePending ? '[delete pending] ' : ''}${svc.imagePath}`);
  }
  lines.push('', 'channels:');
  for (const c of s.channels) {
    const range = c.oldestRecordId === null ? 'empty' : `records ${c.oldestRecordId}..${c.newestRecordId} (${c.recordCount})`;
    lines.push(`  ${c.channel}${c.registered ? '' : ' [unregistered]'}: ${range}, ${c.sizeBytes}/${c.maxSizeBytes} bytes, log ${c.logIdentity}`);
  }
  const a = s.activities;
  lines.push('', `activities: ${a.total} recorded, ${a.seenBySysmon} seen by Sysmon, ${a.userMode} in the user-mode view; queued for Sysmon ${a.sysmonQueue}, for user mode ${a.userModePending}`);
  if (Object.keys(s.counters).length > 0) lines.push(`counters: ${Object.entries(s.counters).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  lines.push('', 'releases:');
  if (s.releases.length === 0) lines.push('  (none)');
  for (const r of s.releases) lines.push(`  ${r.version.padEnd(8)} released ${iso(r.releasedMs)}${r.vulnerable ? ' VULNERABLE' : ''} ${r.fileName} sha256 ${r.sha256}`);
  if (s.faults.length > 0) lines.push('', `faults: ${s.faults.map((f) => `${f.op}->${f.code} x${f.remaining}`).join(', ')}`);
  return lines.join('\n') + '\n';
}
