/**
 * Which public key the release manifest must verify with (R-INS-9, ADR 0603). The
 * committed development key is used only on a simulated host, and only in a test
 * environment (SYSWARD_TEST_MODE=1) or when the operator says --development-key,
 * which is announced loudly: anything that key signs proves nothing.
 */
import * as fs from 'node:fs';
import { TEST_MODE_VARIABLE, isTestEnvironment, type Environment } from '../manifest/development-key';
import { DEVELOPMENT_PUBLIC_KEY_FILE } from '../host/release-manifest';

export interface ManifestKey {
  readonly publicKeyPem: string;
  /** The environment verifyManifest judges "test or not" by. */
  readonly env: Environment;
  readonly warning: string | null;
}

export const DEVELOPMENT_KEY_WARNING =
  '*** WARNING: --development-key: the release manifest is verified with the COMMITTED DEVELOPMENT KEY, whose private half is public. ' +
  'Anything can be signed with it. Use it only with a simulated host, never on a real one. ***';

export class ManifestKeyError extends Error {
  override readonly name = 'ManifestKeyError';
}

export function chooseManifestKey(options: { keyFile: string | null; developmentKey: boolean; sim: boolean; env: Environment }): ManifestKey {
  if (options.keyFile !== null) return { publicKeyPem: fs.readFileSync(options.keyFile, 'utf8'), env: options.env, warning: null };
  if (!options.sim) throw new ManifestKeyError('no manifest public key configured (--manifest-key FILE)');
  if (options.developmentKey) {
    return { publicKeyPem: fs.readFileSync(DEVELOPMENT_PUBLIC_KEY_FILE, 'utf8'), env: { ...options.env, [TEST_MODE_VARIABLE]: '1' }, warning: DEVELOPMENT_KEY_WARNING };
  }
  if (isTestEnvironment(options.env)) return { publicKeyPem: fs.readFileSync(DEVELOPMENT_PUBLIC_KEY_FILE, 'utf8'), env: options.env, warning: null };
  throw new ManifestKeyError(
    `the simulated host's releases are signed with the development key: set ${TEST_MODE_VARIABLE}=1 or pass --development-key (or give --manifest-key FILE)`,
  );
}
