/**
 * OS identity lives where Windows keeps it (CurrentVersion, ProductOptions,
 * ComputerName in the registry), so a component reading those keys directly
 * and one using OsInfoPort see the same host.
 */
import { type Architecture, type OptionalFeatureState, type OsInfoPort, type OsVersion, type ProductType } from '@sysward/platform';
import type { SimStore } from '../db/sim-store';
import type { RegistryTables } from './registry-tables';
import { INBOX_SYSMON_MIN_BUILD } from './windows-releases';

const CURRENT_VERSION = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
const PRODUCT_OPTIONS = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions';
const ENVIRONMENT = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';
const COMPUTER_NAME = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName';

const PRODUCT_TYPES: Record<ProductType, string> = { workstation: 'WinNT', server: 'ServerNT', 'domain-controller': 'LanmanNT' };
const ARCHITECTURES: Record<Architecture, string> = { x64: 'AMD64', x86: 'x86', arm64: 'ARM64' };

export class OsTables {
  constructor(
    private readonly store: SimStore,
    private readonly registry: RegistryTables,
  ) {}

  write(version: OsVersion): void {
    const r = this.registry;
    r.setValue(CURRENT_VERSION, 'CurrentMajorVersionNumber', { type: 'REG_DWORD', data: version.major });
    r.setValue(CURRENT_VERSION, 'CurrentMinorVersionNumber', { type: 'REG_DWORD', data: version.minor });
    r.setValue(CURRENT_VERSION, 'CurrentVersion', { type: 'REG_SZ', data: version.major >= 10 ? '6.3' : `${version.major}.${version.minor}` });
    r.setValue(CURRENT_VERSION, 'CurrentBuildNumber', { type: 'REG_SZ', data: String(version.build) });
    r.setValue(CURRENT_VERSION, 'CurrentBuild', { type: 'REG_SZ', data: String(version.build) });
    r.setValue(CURRENT_VERSION, 'UBR', { type: 'REG_DWORD', data: version.ubr });
    r.setValue(CURRENT_VERSION, 'ProductName', { type: 'REG_SZ', data: version.productName });
    r.setValue(CURRENT_VERSION, 'InstallationType', { type: 'REG_SZ', data: version.productType === 'workstation' ? 'Client' : 'Server' });
    if (version.displayVersion) r.setValue(CURRENT_VERSION, 'DisplayVersion', { type: 'REG_SZ', data: version.displayVersion });
    else if (r.getValue(CURRENT_VERSION, 'DisplayVersion')) r.deleteValue(CURRENT_VERSION, 'DisplayVersion');
    r.setValue(PRODUCT_OPTIONS, 'ProductType', { type: 'REG_SZ', data: PRODUCT_TYPES[version.productType] });
    r.setValue(ENVIRONMENT, 'PROCESSOR_ARCHITECTURE', { type: 'REG_SZ', data: ARCHITECTURES[version.architecture] });
    // The inbox Sysmon is an optional feature only on builds that carry it.
    if (version.build >= INBOX_SYSMON_MIN_BUILD) {
      this.store.db.prepare("INSERT OR IGNORE INTO optional_features (name_key, name, state) VALUES ('sysmon', 'Sysmon', 'disabled')").run();
    } else {
      this.store.db.prepare("DELETE FROM optional_features WHERE name_key = 'sysmon'").run();
    }
  }

  read(): OsVersion {
    const r = this.registry;
    const dword = (key: string, name: string, fallback: number): number => {
      const v = r.getValue(key, name);
      return v?.type === 'REG_DWORD' ? v.data : fallback;
    };
    const text = (key: string, name: string): string | null => {
      const v = r.getValue(key, name);
      return v?.type === 'REG_SZ' || v?.type === 'REG_EXPAND_SZ' ? v.data : null;
    };
    const productType = (Object.entries(PRODUCT_TYPES).find(([, v]) => v === text(PRODUCT_OPTIONS, 'ProductType'))?.[0] ?? 'workstation') as ProductType;
    const architecture = (Object.entries(ARCHITECTURES).find(([, v]) => v === text(ENVIRONMENT, 'PROCESSOR_ARCHITECTURE'))?.[0] ?? 'x64') as Architecture;
    return {
      major: dword(CURRENT_VERSION, 'CurrentMajorVersionNumber', 10),
      minor: dword(CURRENT_VERSION, 'CurrentMinorVersionNumber', 0),
      build: Number(text(CURRENT_VERSION, 'CurrentBuildNumber') ?? 0),
      ubr: dword(CURRENT_VERSION, 'UBR', 0),
      productType,
      productName: text(CURRENT_VERSION, 'ProductName') ?? 'Windows',
      displayVersion: text(CURRENT_VERSION, 'DisplayVersion'),
      architecture,
    };
  }

  setHostName(name: string): void {
    this.registry.setValue(COMPUTER_NAME, 'ComputerName', { type: 'REG_SZ', data: name });
  }

  hostName(): string {
    const v = this.registry.getValue(COMPUTER_NAME, 'ComputerName');
    return v?.type === 'REG_SZ' ? v.data : 'SIMHOST';
  }

  feature(name: string): OptionalFeatureState {
    const row = this.store.db.prepare('SELECT state FROM optional_features WHERE name_key = ?').get(name.toLowerCase()) as { state: OptionalFeatureState } | undefined;
    return row?.state ?? 'absent';
  }

  setFeature(name: string, state: OptionalFeatureState): void {
    if (state === 'absent') this.store.db.prepare('DELETE FROM optional_features WHERE name_key = ?').run(name.toLowerCase());
    else this.store.db.prepare('INSERT INTO optional_features (name_key, name, state) VALUES (?, ?, ?) ON CONFLICT(name_key) DO UPDATE SET state = excluded.state').run(name.toLowerCase(), name, state);
  }
}

export class SimOsInfo implements OsInfoPort {
  constructor(
    private readonly store: SimStore,
    private readonly tables: OsTables,
  ) {}

  async version(): Promise<OsVersion> {
    return this.reading(() => this.tables.read());
  }

  async hostName(): Promise<string> {
    return this.reading(() => this.tables.hostName());
  }

  async optionalFeature(name: string): Promise<OptionalFeatureState> {
    return this.reading(() => this.tables.feature(name));
  }

  private reading<T>(fn: () => T): T {
    return this.store.read(() => {
      this.store.requirePower();
      return fn();
    });
  }
}
