/**
 * How the SCM's configuration is kept in HKLM\SYSTEM\CurrentControlSet\Services\<name>
 * (Type, Start, ImagePath, ...). The SCM reads these keys at boot, so a service
 * key deleted or edited in the registry takes effect at the next reboot: the
 * last-resort cleanup of BUG-20 relies on exactly that.
 */
import type { LaunchProtection, RegistryValue, ServiceKind, ServiceSpec, StartType } from '@sysward/platform';

export const SERVICES_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services';

const KIND_CODES: Record<ServiceKind, number> = { 'kernel-driver': 0x1, 'file-system-driver': 0x2, 'own-process': 0x10, 'share-process': 0x20 };
const START_CODES: Record<StartType, number> = { boot: 0, system: 1, auto: 2, demand: 3, disabled: 4 };
const PROTECTION_CODES: Record<LaunchProtection, number> = { none: 0, windows: 1, 'windows-light': 2, 'antimalware-light': 3 };

function reverse<K extends string>(table: Record<K, number>): Map<number, K> {
  return new Map(Object.entries(table).map(([k, v]) => [v as number, k as K]));
}
const KINDS = reverse(KIND_CODES);
const STARTS = reverse(START_CODES);
const PROTECTIONS = reverse(PROTECTION_CODES);

export function serviceKey(name: string): string {
  return `${SERVICES_KEY}\\${name}`;
}

export function serviceToRegistry(spec: Required<Omit<ServiceSpec, 'description'>> & { description: string | null }): [string, RegistryValue][] {
  const isDriver = spec.kind === 'kernel-driver' || spec.kind === 'file-system-driver';
  const values: [string, RegistryValue][] = [
    ['Type', { type: 'REG_DWORD', data: KIND_CODES[spec.kind] }],
    ['Start', { type: 'REG_DWORD', data: START_CODES[spec.startType] }],
    ['ErrorControl', { type: 'REG_DWORD', data: 1 }],
    ['ImagePath', { type: 'REG_EXPAND_SZ', data: spec.imagePath }],
    ['DisplayName', { type: 'REG_SZ', data: spec.displayName }],
  ];
  if (!isDriver) values.push(['ObjectName', { type: 'REG_SZ', data: 'LocalSystem' }]);
  if (spec.description !== null) values.push(['Description', { type: 'REG_SZ', data: spec.description }]);
  if (spec.launchProtected !== 'none') values.push(['LaunchProtected', { type: 'REG_DWORD', data: PROTECTION_CODES[spec.launchProtected] }]);
  return values;
}

/**
 * A service as the SCM would load it at boot; null for keys that are not
 * services (no Type, or an unknown one). Lookups are by lower-case value name.
 */
export function serviceFromRegistry(name: string, values: ReadonlyMap<string, RegistryValue>): (Required<Omit<ServiceSpec, 'description'>> & { description: string | null }) | null {
  const dword = (key: string): number | null => {
    const v = values.get(key);
    return v?.type === 'REG_DWORD' ? v.data : null;
  };
  const text = (key: string): string | null => {
    const v = values.get(key);
    return v && (v.type === 'REG_SZ' || v.type === 'REG_EXPAND_SZ') ? v.data : null;
  };
  const kind = KINDS.get(dword('type') ?? -1);
  if (!kind) return null;
  const isDriver = kind === 'kernel-driver' || kind === 'file-system-driver';
  const imagePath = text('imagepath') ?? (isDriver ? `System32\\drivers\\${name}.sys` : null);
  if (imagePath === null) return null;
  return {
    name,
    displayName: text('displayname') ?? name,
    kind,
    startType: STARTS.get(dword('start') ?? 3) ?? 'demand',
    imagePath,
    description: text('description'),
    launchProtected: PROTECTIONS.get(dword('launchprotected') ?? 0) ?? 'none',
  };
}
