/**
 * Registry key paths as one canonical spelling, so that every implementation
 * (and every caller's comparison) agrees that HKEY_LOCAL_MACHINE\System and
 * hklm\SYSTEM\ are the same key.
 */
import { PlatformError } from './errors';
import type { RegistryValue } from './registry';

const HIVES: Record<string, string> = {
  HKLM: 'HKLM',
  HKEY_LOCAL_MACHINE: 'HKLM',
  HKCU: 'HKCU',
  HKEY_CURRENT_USER: 'HKCU',
  HKU: 'HKU',
  HKEY_USERS: 'HKU',
  HKCR: 'HKCR',
  HKEY_CLASSES_ROOT: 'HKCR',
  HKCC: 'HKCC',
  HKEY_CURRENT_CONFIG: 'HKCC',
};

/** Short hive name, single backslashes, no trailing separator; keeps the caller's case of the rest. */
export function canonicalRegistryPath(path: string): string {
  if (typeof path !== 'string') throw new PlatformError('INVALID_ARGUMENT', `registry path must be a string, got ${typeof path}`);
  const parts = path.split(/[\\/]+/).filter((p) => p !== '');
  const hive = parts.length > 0 ? HIVES[parts[0].toUpperCase()] : undefined;
  if (!hive) throw new PlatformError('INVALID_ARGUMENT', `registry path ${JSON.stringify(path)} does not start with a hive (HKLM, HKCU, HKU, HKCR, HKCC)`);
  for (const part of parts) {
    if (part.length > 255) throw new PlatformError('INVALID_ARGUMENT', `registry key name longer than 255 characters in ${JSON.stringify(path)}`);
  }
  return [hive, ...parts.slice(1)].join('\\');
}

/** The comparison key: canonical and lower case. */
export function registryPathKey(path: string): string {
  return canonicalRegistryPath(path).toLowerCase();
}

export function parentRegistryPath(path: string): string | null {
  const canonical = canonicalRegistryPath(path);
  const cut = canonical.lastIndexOf('\\');
  return cut === -1 ? null : canonical.slice(0, cut);
}

/** Rejects values Windows cannot store, before any implementation sees them. */
export function validateRegistryValue(value: RegistryValue): void {
  switch (value.type) {
    case 'REG_DWORD':
      if (!Number.isInteger(value.data) || value.data < 0 || value.data > 0xffffffff) {
        throw new PlatformError('INVALID_ARGUMENT', `REG_DWORD must be an integer in 0..4294967295, got ${value.data}`);
      }
      return;
    case 'REG_QWORD':
      if (typeof value.data !== 'bigint' || value.data < 0n || value.data > 0xffffffffffffffffn) {
        throw new PlatformError('INVALID_ARGUMENT', `REG_QWORD must be a bigint in 0..2^64-1, got ${String(value.data)}`);
      }
      return;
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      if (typeof value.data !== 'string') throw new PlatformError('INVALID_ARGUMENT', `${value.type} must be a string`);
      return;
    case 'REG_MULTI_SZ':
      if (!Array.isArray(value.data) || value.data.some((s) => typeof s !== 'string' || s === '')) {
        throw new PlatformError('INVALID_ARGUMENT', 'REG_MULTI_SZ must be a list of non-empty strings');
      }
      return;
    case 'REG_BINARY':
      if (!(value.data instanceof Uint8Array)) throw new PlatformError('INVALID_ARGUMENT', 'REG_BINARY must be a Uint8Array');
      return;
    default:
      throw new PlatformError('INVALID_ARGUMENT', `unknown registry value type ${JSON.stringify((value as { type: unknown }).type)}`);
  }
}
