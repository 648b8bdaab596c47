import { StateStoreError, messageOf } from './errors';

/**
 * Windows compares channel names case-insensitively, so the same channel can
 * reach us as "Microsoft-Windows-Sysmon/Operational" from a subscription and
 * "microsoft-windows-sysmon/operational" from an old row (BUG-14). Checkpoints
 * are therefore stored and looked up under this key. Recording identities go
 * through the same rule, so they must be unique without regard to case (a
 * content hash or a Windows path is; two POSIX paths differing only in case
 * are not).
 */
export function canonicalSourceKey(name: string): string {
  if (typeof name !== 'string') {
    throw new StateStoreError('INVALID_ARGUMENT', `source name must be a string, got ${typeof name}`);
  }
  const key = name.trim().normalize('NFC').toLowerCase();
  if (key.length === 0) {
    throw new StateStoreError('INVALID_ARGUMENT', `source name must not be empty or blank, got ${JSON.stringify(name)}`);
  }
  return key;
}

/**
 * Relates stored checkpoint keys to the sources the caller subscribes to:
 * which display name each canonical key should be shown under, and which
 * stored rows belong to no current source (they are reported, never dropped).
 */
export interface SourceKeyMatch {
  displayNameOf(storedKey: string): string | undefined;
  unmatched: string[];
}

export function matchSourceKeys(
  stored: ReadonlyArray<{ key: string; source: string }>,
  canonicalSources: readonly string[] | undefined,
): SourceKeyMatch {
  const displayByKey = new Map<string, string>();
  for (const [index, name] of (canonicalSources ?? []).entries()) {
    let key: string;
    try {
      key = canonicalSourceKey(name);
    } catch (error) {
      throw new StateStoreError('INVALID_ARGUMENT', `options.canonicalSources[${index}]: ${messageOf(error)}`);
    }
    displayByKey.set(key, name);
  }
  // Without a list of sources nothing can be judged unmatched; the caller did not ask.
  const unmatched =
    canonicalSources === undefined ? [] : stored.filter((row) => !displayByKey.has(row.key)).map((row) => row.source);
  return { displayNameOf: (key) => displayByKey.get(key), unmatched };
}
