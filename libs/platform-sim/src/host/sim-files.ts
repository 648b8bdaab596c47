import { PlatformError, canonicalWindowsPath, type FilePort, type FileStat, type FileVersionInfo } from '@sysward/platform';
import type { SimStore } from '../db/sim-store';
import type { FileTables } from './file-tables';
import { decodeSimBinary } from './sim-binary';

/** FilePort over the host file; `inUse` tells which files are images of running services (sharing violation). */
export class SimFiles implements FilePort {
  constructor(
    private readonly store: SimStore,
    private readonly tables: FileTables,
    private readonly inUse: (path: string) => boolean,
  ) {}

  async exists(path: string): Promise<boolean> {
    return this.reading(() => this.tables.get(path) !== null);
  }

  async stat(path: string): Promise<FileStat | null> {
    return this.reading(() => {
      const row = this.tables.get(path);
      return row ? { size: row.content.length, modifiedMs: row.modified_ms } : null;
    });
  }

  async read(path: string): Promise<Uint8Array> {
    return this.reading(() => new Uint8Array(this.tables.require(path).content));
  }

  async sha256(path: string): Promise<string> {
    return this.reading(() => this.tables.require(path).sha256);
  }

  async versionInfo(path: string): Promise<FileVersionInfo | null> {
    return this.reading(() => decodeSimBinary(this.tables.require(path).content)?.versionInfo ?? null);
  }

  async write(path: string, data: Uint8Array): Promise<void> {
    canonicalWindowsPath(path);
    this.store.takeFault('file.write');
    this.store.write(() => {
      this.store.requirePower();
      this.refuseInUse(path, 'overwrite');
      this.tables.write(path, data);
    });
  }

  async copy(from: string, to: string, options: { overwrite?: boolean } = {}): Promise<void> {
    this.store.takeFault('file.write');
    this.store.write(() => {
      this.store.requirePower();
      const source = this.tables.require(from);
      if (this.tables.get(to)) {
        if (!options.overwrite) throw new PlatformError('ALREADY_EXISTS', `${canonicalWindowsPath(to)} already exists`, { errno: 80 });
        this.refuseInUse(to, 'overwrite');
      }
      this.tables.write(to, source.content);
    });
  }

  async delete(path: string): Promise<void> {
    this.store.takeFault('file.delete');
    this.store.write(() => {
      this.store.requirePower();
      this.tables.require(path);
      this.refuseInUse(path, 'delete');
      this.tables.delete(path);
    });
  }

  private refuseInUse(path: string, what: string): void {
    if (this.inUse(path)) {
      throw new PlatformError('BUSY', `cannot ${what} ${canonicalWindowsPath(path)}: it is being used by another process (a running service's image)`, { errno: 32 });
    }
  }

  private reading<T>(fn: () => T): T {
    return this.store.read(() => {
      this.store.requirePower();
      return fn();
    });
  }
}
