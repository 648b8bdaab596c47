/**
 * The registry as rows: keys (with their parent, for listing) and values
 * (stored as bytes plus the type). Every change appends to registry_changes,
 * which is what change notifications compare against. Synchronous: callers
 * run these inside one of the store's transactions.
 */
import { PlatformError, canonicalRegistryPath, parentRegistryPath, validateRegistryValue, type RegistryValue } from '@sysward/platform';
import type { SimStore } from '../db/sim-store';

interface ValueRow {
  name: string;
  type: RegistryValue['type'];
  data: Buffer;
}

export function encodeRegistryValue(value: RegistryValue): Buffer {
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return Buffer.from(value.data, 'utf8');
    case 'REG_MULTI_SZ':
      return Buffer.from(JSON.stringify(value.data), 'utf8');
    case 'REG_DWORD':
      return Buffer.from(String(value.data), 'utf8');
    case 'REG_QWORD':
      return Buffer.from(value.data.toString(), 'utf8');
    case 'REG_BINARY':
      return Buffer.from(value.data);
  }
}

export function decodeRegistryValue(type: RegistryValue['type'], data: Buffer): RegistryValue {
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { type, data: data.toString('utf8') };
    case 'REG_MULTI_SZ':
      return { type, data: JSON.parse(data.toString('utf8')) as string[] };
    case 'REG_DWORD':
      return { type, data: Number(data.toString('utf8')) };
    case 'REG_QWORD':
      return { type, data: BigInt(data.toString('utf8')) };
    case 'REG_BINARY':
      return { type, data: new Uint8Array(data) };
  }
}

/** Range bounds of every key strictly below `key`: '\' is 0x5C and ']' 0x5D, so the range is the subtree. */
function subtreeRange(key: string): [string, string] {
  return [`${key}\\`, `${key}]`];
}

export class RegistryTables {
  constructor(private readonly store: SimStore) {}

  private get db() {
    return this.store.db;
  }

  keyOf(path: string): string {
    return canonicalRegistryPath(path).toLowerCase();
  }

  keyExists(path: string): boolean {
    const canonical = canonicalRegistryPath(path);
    if (!canonical.includes('\\')) return true;
    return this.db.prepare('SELECT 1 FROM registry_keys WHERE path_key = ?').get(canonical.toLowerCase()) !== undefined;
  }

  createKey(path: string): void {
    const canonical = canonicalRegistryPath(path);
    const missing: string[] = [];
    for (let p: string | null = canonical; p !== null && !this.keyExists(p); p = parentRegistryPath(p)) missing.unshift(p);
    for (const p of missing) {
      const parent = parentRegistryPath(p);
      this.db.prepare('INSERT INTO registry_keys (path_key, path, parent_key) VALUES (?, ?, ?)').run(p.toLowerCase(), p, parent?.toLowerCase() ?? null);
      this.logChange(p);
      if (parent) this.logChange(parent);
    }
  }

  listSubkeys(path: string): string[] {
    this.requireKey(path);
    const rows = this.db.prepare('SELECT path FROM registry_keys WHERE parent_key = ? ORDER BY path_key').all(this.keyOf(path)) as { path: string }[];
    return rows.map((r) => r.path.slice(r.path.lastIndexOf('\\') + 1));
  }

  listValues(path: string): string[] {
    this.requireKey(path);
    const rows = this.db.prepare('SELECT name FROM registry_values WHERE path_key = ? ORDER BY name_key').all(this.keyOf(path)) as { name: string }[];
    return rows.map((r) => r.name);
  }

  getValue(path: string, name: string): RegistryValue | null {
    const row = this.db.prepare('SELECT name, type, data FROM registry_values WHERE path_key = ? AND name_key = ?').get(this.keyOf(path), name.toLowerCase()) as
      | ValueRow
      | undefined;
    return row ? decodeRegistryValue(row.type, row.data) : null;
  }

  /** All values of a key, name to value (for dumps and SCM reloads). */
  values(path: string): Map<string, RegistryValue> {
    const rows = this.db.prepare('SELECT name, type, data FROM registry_values WHERE path_key = ?').all(this.keyOf(path)) as ValueRow[];
    return new Map(rows.map((r) => [r.name.toLowerCase(), decodeRegistryValue(r.type, r.data)]));
  }

  setValue(path: string, name: string, value: RegistryValue): void {
    validateRegistryValue(value);
    if (typeof name !== 'string' || name.length > 16_383) throw new PlatformError('INVALID_ARGUMENT', 'registry value name must be a string of at most 16383 characters');
    this.createKey(path);
    const key = this.keyOf(path);
    this.db
      .prepare(
        'INSERT INTO registry_values (path_key, name_key, name, type, data) VALUES (?, ?, ?, ?, ?) ' +
          'ON CONFLICT(path_key, name_key) DO UPDATE SET type = excluded.type, data = excluded.data',
      )
      .run(key, name.toLowerCase(), name, value.type, encodeRegistryValue(value));
    this.logChange(path);
  }

  deleteValue(path: string, name: string): void {
    const result = this.db.prepare('DELETE FROM registry_values WHERE path_key = ? AND name_key = ?').run(this.keyOf(path), name.toLowerCase());
    if (result.changes === 0) throw new PlatformError('NOT_FOUND', `no value ${JSON.stringify(name)} under ${canonicalRegistryPath(path)}`);
    this.logChange(path);
  }

  deleteKey(path: string, recursive: boolean): void {
    const canonical = canonicalRegistryPath(path);
    if (!canonical.includes('\\')) throw new PlatformError('ACCESS_DENIED', `a hive root (${canonical}) cannot be deleted`);
    this.requireKey(canonical);
    const key = canonical.toLowerCase();
    const [low, high] = subtreeRange(key);
    const below = this.db.prepare('SELECT path_key FROM registry_keys WHERE path_key > ? AND path_key < ?').all(low, high) as { path_key: string }[];
    if (below.length > 0 && !recursive) throw new PlatformError('INVALID_STATE', `${canonical} has subkeys; delete recursively`);
    for (const k of [key, ...below.map((r) => r.path_key)]) {
      this.db.prepare('DELETE FROM registry_values WHERE path_key = ?').run(k);
      this.db.prepare('DELETE FROM registry_keys WHERE path_key = ?').run(k);
      this.logKey(k);
    }
    const parent = parentRegistryPath(canonical);
    if (parent) this.logChange(parent);
  }

  /** Highest change sequence for the key (and its subtree when asked). */
  lastChange(path: string, subtree: boolean): number {
    const key = this.keyOf(path);
    const direct = this.db.prepare('SELECT max(seq) AS seq FROM registry_changes WHERE path_key = ?').get(key) as { seq: number | null };
    let seq = direct.seq ?? 0;
    if (subtree) {
      const [low, high] = subtreeRange(key);
      const below = this.db.prepare('SELECT max(seq) AS seq FROM registry_changes WHERE path_key > ? AND path_key < ?').get(low, high) as { seq: number | null };
      seq = Math.max(seq, below.seq ?? 0);
    }
    return seq;
  }

  private requireKey(path: string): void {
    if (!this.keyExists(path)) throw new PlatformError('NOT_FOUND', `registry key ${canonicalRegistryPath(path)} does not exist`);
  }

  private logChange(path: string): void {
    this.logKey(this.keyOf(path));
  }

  private logKey(key: string): void {
    const seq = Number(this.db.prepare('INSERT INTO registry_changes (path_key) VALUES (?)').run(key).lastInsertRowid);
    // The log only has to answer "anything newer than what a watcher saw", so old rows can go.
    if (seq % 1000 === 0) this.db.prepare('DELETE FROM registry_changes WHERE seq < ?').run(seq - 10_000);
  }
}
