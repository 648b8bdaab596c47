/**
 * Registry port. Sysmon keeps its applied rules in the registry (Rules as
 * REG_BINARY under the driver's Parameters key), and tamper detection compares
 * those bytes, so binary values must round-trip exactly.
 */

export type RegistryValue =
  | { type: 'REG_SZ'; data: string }
  | { type: 'REG_EXPAND_SZ'; data: string }
  | { type: 'REG_MULTI_SZ'; data: string[] }
  | { type: 'REG_DWORD'; data: number }
  | { type: 'REG_QWORD'; data: bigint }
  | { type: 'REG_BINARY'; data: Uint8Array };

export type RegistryValueType = RegistryValue['type'];

export interface RegistryWatchOptions {
  /** Also report changes in any subkey (bWatchSubtree). */
  subtree?: boolean;
}

/** A live change notification; close() stops it. */
export interface RegistryWatch {
  close(): void;
}

/**
 * Paths are full key paths with a hive prefix (HKLM\SYSTEM\..., long hive names
 * accepted); key and value names compare case-insensitively, as on Windows.
 * The empty value name is the key's default value.
 *
 * Errors: NOT_FOUND (missing key for list/delete/watch, missing value for
 * deleteValue), INVALID_ARGUMENT (bad path or value out of range),
 * INVALID_STATE (non-recursive delete of a key with subkeys).
 */
export interface RegistryPort {
  keyExists(path: string): Promise<boolean>;
  createKey(path: string): Promise<void>;
  listSubkeys(path: string): Promise<string[]>;
  listValues(path: string): Promise<string[]>;
  /** null when the key or the value does not exist. */
  getValue(path: string, name: string): Promise<RegistryValue | null>;
  /** Creates missing keys on the way. */
  setValue(path: string, name: string, value: RegistryValue): Promise<void>;
  deleteValue(path: string, name: string): Promise<void>;
  deleteKey(path: string, options?: { recursive?: boolean }): Promise<void>;
  /**
   * Calls onChange (at least once, possibly coalesced) after a value or subkey
   * under the key changes, from any process. Like RegNotifyChangeKeyValue it
   * says that something changed, not what: re-read to find out.
   */
  watch(path: string, options: RegistryWatchOptions, onChange: () => void): Promise<RegistryWatch>;
}
