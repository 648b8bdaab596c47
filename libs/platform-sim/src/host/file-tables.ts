/** Files as rows keyed by the case-insensitive path; the hash is computed once, at write. */
import { PlatformError, canonicalWindowsPath, windowsPathKey } from '@sysward/platform';
import type { SimStore } from '../db/sim-store';
import { sha256Hex } from './sim-binary';

export interface FileRow {
  path: string;
  content: Buffer;
  sha256: string;
  modified_ms: number;
}

export class FileTables {
  constructor(
    private readonly store: SimStore,
    private readonly now: () => number,
  ) {}

  get(path: string): FileRow | null {
    const row = this.store.db.prepare('SELECT path, content, sha256, modified_ms FROM files WHERE path_key = ?').get(windowsPathKey(path)) as FileRow | undefined;
    return row ?? null;
  }

  require(path: string): FileRow {
    const row = this.get(path);
    if (!row) throw new PlatformError('NOT_FOUND', `${canonicalWindowsPath(path)}: the system cannot find the file specified`, { errno: 2 });
    return row;
  }

  write(path: string, data: Uint8Array): void {
    this.store.db
      .prepare(
        'INSERT INTO files (path_key, path, content, sha256, modified_ms) VALUES (?, ?, ?, ?, ?) ' +
          'ON CONFLICT(path_key) DO UPDATE SET content = excluded.content, sha256 = excluded.sha256, modified_ms = excluded.modified_ms',
      )
      .run(windowsPathKey(path), canonicalWindowsPath(path), Buffer.from(data), sha256Hex(data), this.now());
  }

  delete(path: string): boolean {
    return this.store.db.prepare('DELETE FROM files WHERE path_key = ?').run(windowsPathKey(path)).changes > 0;
  }

  list(): { path: string; size: number; sha256: string }[] {
    return this.store.db.prepare('SELECT path, length(content) AS size, sha256 FROM files ORDER BY path_key').all() as { path: string; size: number; sha256: string }[];
  }
}
