/**
 * Managed Sysmon releases the installer can discover (`sim release`). Each is
 * the sim binary of that version, so its SHA-256 is a real hash of the bytes
 * the installer downloads and places, and its release date is the sim clock's
 * reading when it was published (soak periods, R-INS-7).
 */
import { PlatformError, compareVersions, parseDottedVersion, type ReleaseFeedPort, type SysmonRelease } from '@sysward/platform';
import type { SimStore } from '../db/sim-store';
import { makeSysmonBinary } from '../sysmon/sysmon-versions';
import { sha256Hex } from './sim-binary';

interface ReleaseRow {
  version: string;
  released_ms: number;
  vulnerable: number;
  file_name: string;
  sha256: string;
  size: number;
}

export class ReleaseTables {
  constructor(
    private readonly store: SimStore,
    private readonly now: () => number,
  ) {}

  publish(version: string, options: { vulnerable: boolean; releasedMs?: number }): SysmonRelease {
    parseDottedVersion(version);
    const canonical = version.trim();
    if (this.store.db.prepare('SELECT 1 FROM releases WHERE version_key = ?').get(canonical)) {
      throw new PlatformError('ALREADY_EXISTS', `Sysmon ${canonical} is already released`);
    }
    const blob = makeSysmonBinary(canonical);
    const release: SysmonRelease = {
      version: canonical,
      releasedMs: options.releasedMs ?? this.now(),
      vulnerable: options.vulnerable,
      sha256: sha256Hex(blob),
      fileName: 'Sysmon64.exe',
      size: blob.length,
    };
    this.store.db
      .prepare('INSERT INTO releases (version_key, version, released_ms, vulnerable, file_name, sha256, size, blob) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(canonical, canonical, release.releasedMs, release.vulnerable ? 1 : 0, release.fileName, release.sha256, release.size, blob);
    return release;
  }

  list(): SysmonRelease[] {
    const rows = this.store.db.prepare('SELECT version, released_ms, vulnerable, file_name, sha256, size FROM releases').all() as ReleaseRow[];
    return rows
      .map((r) => ({ version: r.version, releasedMs: r.released_ms, vulnerable: r.vulnerable === 1, sha256: r.sha256, fileName: r.file_name, size: r.size }))
      .sort((a, b) => compareVersions(a.version, b.version));
  }

  blob(version: string): Uint8Array {
    const row = this.store.db.prepare('SELECT blob FROM releases WHERE version_key = ?').get(version.trim()) as { blob: Buffer } | undefined;
    if (!row) throw new PlatformError('NOT_FOUND', `no managed Sysmon release ${version}`);
    return new Uint8Array(row.blob);
  }
}

export class SimReleaseFeed implements ReleaseFeedPort {
  constructor(
    private readonly store: SimStore,
    private readonly tables: ReleaseTables,
  ) {}

  async list(): Promise<SysmonRelease[]> {
    return this.store.read(() => this.tables.list());
  }

  async download(version: string): Promise<Uint8Array> {
    this.store.takeFault('release.download');
    return this.store.read(() => this.tables.blob(version));
  }
}
