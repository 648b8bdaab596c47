import { PlatformError, type RegistryPort, type RegistryValue, type RegistryWatch, type RegistryWatchOptions } from '@sysward/platform';
import type { SimStore } from '../db/sim-store';
import type { RegistryTables } from './registry-tables';

/** RegistryPort over the shared host file; notifications come through the store's change feed. */
export class SimRegistry implements RegistryPort {
  constructor(
    private readonly store: SimStore,
    private readonly tables: RegistryTables,
  ) {}

  async keyExists(path: string): Promise<boolean> {
    return this.store.read(() => {
      this.store.requirePower();
      return this.tables.keyExists(path);
    });
  }

  async createKey(path: string): Promise<void> {
    this.mutate('registry.write', () => this.tables.createKey(path));
  }

  async listSubkeys(path: string): Promise<string[]> {
    return this.store.read(() => {
      this.store.requirePower();
      return this.tables.listSubkeys(path);
    });
  }

  async listValues(path: string): Promise<string[]> {
    return this.store.read(() => {
      this.store.requirePower();
      return this.tables.listValues(path);
    });
  }

  async getValue(path: string, name: string): Promise<RegistryValue | null> {
    return this.store.read(() => {
      this.store.requirePower();
      return this.tables.getValue(path, name);
    });
  }

  async setValue(path: string, name: string, value: RegistryValue): Promise<void> {
    this.mutate('registry.write', () => this.tables.setValue(path, name, value));
  }

  async deleteValue(path: string, name: string): Promise<void> {
    this.mutate('registry.write', () => this.tables.deleteValue(path, name));
  }

  async deleteKey(path: string, options: { recursive?: boolean } = {}): Promise<void> {
    this.mutate('registry.write', () => this.tables.deleteKey(path, options.recursive === true));
  }

  async watch(path: string, options: RegistryWatchOptions, onChange: () => void): Promise<RegistryWatch> {
    const subtree = options.subtree === true;
    let seen = this.store.read(() => {
      this.store.requirePower();
      if (!this.tables.keyExists(path)) throw new PlatformError('NOT_FOUND', `registry key ${path} does not exist`);
      return this.tables.lastChange(path, subtree);
    });
    const stop = this.store.changes.listen(() => {
      const latest = this.tables.lastChange(path, subtree);
      if (latest <= seen) return;
      seen = latest;
      onChange();
    });
    return { close: stop };
  }

  private mutate(op: string, fn: () => void): void {
    this.store.takeFault(op);
    this.store.write(() => {
      this.store.requirePower();
      fn();
    });
  }
}
