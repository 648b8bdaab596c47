/**
 * A Sysmon binary runs only if its SHA-256 is the manifest's (R-INS-9). The actuator
 * hashes the very copy it is about to run, in a directory only the service account
 * can write, so the file cannot change between the check and the run. Authenticode
 * is checked in addition on Windows, by the platform port.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ManifestError } from './manifest-error';

export type BinaryVerdict = { readonly ok: true; readonly sha256: string } | { readonly ok: false; readonly error: ManifestError };

function verdict(actual: string, expectedSha256: string, what: string): BinaryVerdict {
  const expected = expectedSha256.toLowerCase();
  if (actual === expected) return { ok: true, sha256: actual };
  return {
    ok: false,
    error: new ManifestError('BINARY_MISMATCH', `${what} has SHA-256 ${actual}, the manifest says ${expected}; it is not run`),
  };
}

export function verifyBinary(bytes: Uint8Array, expectedSha256: string, what = 'the Sysmon binary'): BinaryVerdict {
  return verdict(createHash('sha256').update(bytes).digest('hex'), expectedSha256, what);
}

export async function verifyBinaryFile(path: string, expectedSha256: string): Promise<BinaryVerdict> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (e) {
    return { ok: false, error: new ManifestError('BINARY_UNREADABLE', `${path} cannot be read: ${(e as Error).message}`) };
  }
  return verdict(hash.digest('hex'), expectedSha256, path);
}
