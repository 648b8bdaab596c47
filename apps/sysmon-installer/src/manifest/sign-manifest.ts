/** For the release tooling and tests: the detached signature verifyManifest() expects. */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

export function signManifest(bytes: Uint8Array, privateKey: string | KeyObject): Uint8Array {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  return sign(null, bytes, key);
}
