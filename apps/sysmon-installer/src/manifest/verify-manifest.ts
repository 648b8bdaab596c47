/**
 * The signed release manifest (R-INS-9): the exact bytes of a JSON document
 * {"releases":[{version, sha256, releaseDate, vulnerable}]}, and a detached Ed25519
 * signature over those bytes. The signature is checked before a single byte is
 * parsed, against the public key from the installer's configuration.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { ReleaseEntry } from '../model/desired-state';
import { DEVELOPMENT_KEY_FINGERPRINT, isTestEnvironment, type Environment } from './development-key';
import { ManifestError } from './manifest-error';
import { parseManifest } from './parse-manifest';

export interface VerifyManifestOptions {
  /** Accept the committed development key; honoured only in a test environment. */
  readonly allowDevelopmentKey?: boolean;
  /** Defaults to process.env; injectable so tests can play production. */
  readonly env?: Environment;
}

export type VerifiedManifest =
  | { readonly ok: true; readonly releases: readonly ReleaseEntry[]; readonly keyFingerprint: string }
  | { readonly ok: false; readonly error: ManifestError };

const ED25519_SIGNATURE_BYTES = 64;

function refuse(code: ManifestError['code'], message: string): VerifiedManifest {
  return { ok: false, error: new ManifestError(code, message) };
}

function loadKey(publicKey: string | KeyObject): KeyObject | ManifestError {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') {
      return new ManifestError('BAD_PUBLIC_KEY', `the manifest key must be an Ed25519 public key, not ${key.asymmetricKeyType ?? key.type}`);
    }
    return key;
  } catch (e) {
    return new ManifestError('BAD_PUBLIC_KEY', `the manifest public key cannot be read: ${(e as Error).message}`);
  }
}

export function publicKeyFingerprint(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function verifyManifest(
  bytes: Uint8Array,
  signature: Uint8Array | null | undefined,
  publicKey: string | KeyObject,
  options: VerifyManifestOptions = {},
): VerifiedManifest {
  const key = loadKey(publicKey);
  if (key instanceof ManifestError) return { ok: false, error: key };
  const fingerprint = publicKeyFingerprint(key);
  if (fingerprint === DEVELOPMENT_KEY_FINGERPRINT) {
    const env = options.env ?? process.env;
    if (!options.allowDevelopmentKey || !isTestEnvironment(env)) {
      return refuse(
        'DEVELOPMENT_KEY_REFUSED',
        'the configured manifest key is the committed development key; it is accepted only in tests with allowDevelopmentKey',
      );
    }
  }
  if (!signature || signature.length === 0) return refuse('UNSIGNED', 'the release manifest has no signature; it is refused');
  if (signature.length !== ED25519_SIGNATURE_BYTES) {
    return refuse('BAD_SIGNATURE', `the manifest signature is ${signature.length} bytes; an Ed25519 signature is ${ED25519_SIGNATURE_BYTES}`);
  }
  if (!verify(null, bytes, key, signature)) {
    return refuse(
      'BAD_SIGNATURE',
      `the manifest signature does not verify with key ${fingerprint.slice(0, 16)}…: wrong key or altered manifest`,
    );
  }
  const parsed = parseManifest(bytes);
  return parsed instanceof ManifestError ? { ok: false, error: parsed } : { ok: true, releases: parsed, keyFingerprint: fingerprint };
}

/** A detached signature file holds the 64 raw bytes or their base64 text. */
export function decodeSignatureFile(content: Uint8Array): Uint8Array {
  if (content.length === ED25519_SIGNATURE_BYTES) return content;
  const text = Buffer.from(content).toString('ascii').trim();
  return /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : content;
}
