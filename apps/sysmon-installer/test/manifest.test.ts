import { generateKeyPairSync, createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  decodeSignatureFile,
  DEVELOPMENT_KEY_FINGERPRINT,
  publicKeyFingerprint,
  signManifest,
  verifyBinary,
  verifyBinaryFile,
  verifyManifest,
} from '../src';

const fixtures = path.join(__dirname, 'fixtures');
const DEV_PRIVATE = fs.readFileSync(path.join(fixtures, 'DEVELOPMENT-ONLY-manifest-signing-key.private.pem'), 'utf8');
const DEV_PUBLIC = fs.readFileSync(path.join(fixtures, 'DEVELOPMENT-ONLY-manifest-signing-key.public.pem'), 'utf8');

/** A production-like key pair made for this run only. */
const release = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const PROD_ENV = { NODE_ENV: 'production' };

const binary = Buffer.from('MZ... pretend this is Sysmon64.exe 15.15');
const binarySha = createHash('sha256').update(binary).digest('hex');
const manifest = Buffer.from(
  JSON.stringify({
    releases: [
      { version: '15.14', sha256: 'ab'.repeat(32), releaseDate: '2024-02-13', vulnerable: false },
      { version: '15.15', sha256: binarySha.toUpperCase(), releaseDate: '2024-07-23', vulnerable: false },
    ],
  }),
);

function signedWith(bytes: Buffer, key = release.privateKey) {
  return signManifest(bytes, key);
}

describe('verifyManifest (R-INS-9)', () => {
  it('accepts a manifest signed with the configured key and returns its releases', () => {
    const result = verifyManifest(manifest, signedWith(manifest), release.publicKey, { env: PROD_ENV });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.releases.map((r) => r.version)).toEqual(['15.14', '15.15']);
    expect(result.releases[1].sha256).toBe(binarySha);
    expect(result.keyFingerprint).toBe(publicKeyFingerprint(release.publicKey));
  });

  it('accepts the public key as PEM text', () => {
    const pem = release.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyManifest(manifest, signedWith(manifest), pem, { env: PROD_ENV }).ok).toBe(true);
  });

  it.each([
    ['no signature at all', null, 'UNSIGNED'],
    ['an empty signature file', new Uint8Array(0), 'UNSIGNED'],
    ['a truncated signature', signedWith(manifest).subarray(0, 40), 'BAD_SIGNATURE'],
  ])('refuses %s', (_name, signature, code) => {
    const result = verifyManifest(manifest, signature, release.publicKey, { env: PROD_ENV });
    expect(result).toMatchObject({ ok: false, error: { code } });
  });

  it('refuses a manifest signed with another key, and says so', () => {
    const result = verifyManifest(manifest, signedWith(manifest, other.privateKey), release.publicKey, { env: PROD_ENV });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('BAD_SIGNATURE');
    expect(result.error.message).toMatch(/wrong key or altered manifest/);
  });

  it('refuses tampered bytes: one flipped bit, or a release quietly marked not vulnerable', () => {
    const signature = signedWith(manifest);
    const flipped = Buffer.from(manifest);
    flipped[20] ^= 0x01;
    expect(verifyManifest(flipped, signature, release.publicKey, { env: PROD_ENV })).toMatchObject({ ok: false, error: { code: 'BAD_SIGNATURE' } });
    const edited = Buffer.from(manifest.toString().replace('"15.14"', '"15.16"'));
    expect(verifyManifest(edited, signature, release.publicKey, { env: PROD_ENV })).toMatchObject({ ok: false, error: { code: 'BAD_SIGNATURE' } });
  });

  it('refuses a key that is not Ed25519, or not a key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(verifyManifest(manifest, signedWith(manifest), rsa.publicKey, { env: PROD_ENV })).toMatchObject({ ok: false, error: { code: 'BAD_PUBLIC_KEY' } });
    expect(verifyManifest(manifest, signedWith(manifest), 'not a pem', { env: PROD_ENV })).toMatchObject({ ok: false, error: { code: 'BAD_PUBLIC_KEY' } });
  });

  it.each([
    ['not JSON', '{releases:'],
    ['no releases array', '{"versions":[]}'],
    ['a bad version', '{"releases":[{"version":"fifteen","sha256":"' + 'a'.repeat(64) + '","releaseDate":"2024-07-23","vulnerable":false}]}'],
    ['a short hash', '{"releases":[{"version":"15.15","sha256":"abc","releaseDate":"2024-07-23","vulnerable":false}]}'],
    ['an impossible date', '{"releases":[{"version":"15.15","sha256":"' + 'a'.repeat(64) + '","releaseDate":"2024-02-30","vulnerable":false}]}'],
    ['vulnerable as a string', '{"releases":[{"version":"15.15","sha256":"' + 'a'.repeat(64) + '","releaseDate":"2024-07-23","vulnerable":"no"}]}'],
    [
      'a version listed twice (14.1 and 14.10 are one version)',
      '{"releases":[{"version":"14.1","sha256":"' + 'a'.repeat(64) + '","releaseDate":"2022-10-01","vulnerable":true},' +
        '{"version":"14.10","sha256":"' + 'b'.repeat(64) + '","releaseDate":"2022-10-01","vulnerable":false}]}',
    ],
  ])('a correctly signed but malformed manifest is refused: %s', (_name, text) => {
    const bytes = Buffer.from(text);
    expect(verifyManifest(bytes, signedWith(bytes), release.publicKey, { env: PROD_ENV })).toMatchObject({ ok: false, error: { code: 'MALFORMED' } });
  });

  it('reads a detached signature as raw bytes or base64 text', () => {
    const raw = signedWith(manifest);
    expect(Buffer.from(decodeSignatureFile(raw)).equals(Buffer.from(raw))).toBe(true);
    const text = Buffer.from(Buffer.from(raw).toString('base64') + '\n');
    expect(verifyManifest(manifest, decodeSignatureFile(text), release.publicKey, { env: PROD_ENV }).ok).toBe(true);
  });
});

describe('the committed development key (R-INS-9)', () => {
  const devSigned = signManifest(manifest, DEV_PRIVATE);

  it('is the key whose fingerprint the verifier knows', () => {
    expect(verifyManifest(manifest, devSigned, DEV_PUBLIC, { allowDevelopmentKey: true, env: { NODE_ENV: 'test' } }).ok).toBe(true);
    const result = verifyManifest(manifest, devSigned, DEV_PUBLIC, { allowDevelopmentKey: true, env: { NODE_ENV: 'test' } });
    expect(result.ok && result.keyFingerprint).toBe(DEVELOPMENT_KEY_FINGERPRINT);
  });

  it('is accepted with allowDevelopmentKey and the explicit test flag outside Jest', () => {
    const env = { NODE_ENV: 'production', SYSWARD_TEST_MODE: '1' };
    expect(verifyManifest(manifest, devSigned, DEV_PUBLIC, { allowDevelopmentKey: true, env }).ok).toBe(true);
  });

  it.each([
    ['in production, even with allowDevelopmentKey', { allowDevelopmentKey: true, env: { NODE_ENV: 'production' } }],
    ['with no NODE_ENV at all', { allowDevelopmentKey: true, env: {} }],
    ['in a test run without allowDevelopmentKey', { env: { NODE_ENV: 'test' } }],
    ['with allowDevelopmentKey false', { allowDevelopmentKey: false, env: { NODE_ENV: 'test', SYSWARD_TEST_MODE: '1' } }],
    ['with a test flag other than "1"', { allowDevelopmentKey: true, env: { SYSWARD_TEST_MODE: 'true' } }],
  ])('is refused %s', (_name, options) => {
    const result = verifyManifest(manifest, devSigned, DEV_PUBLIC, options);
    expect(result).toMatchObject({ ok: false, error: { code: 'DEVELOPMENT_KEY_REFUSED' } });
  });

  it('is refused before the signature is even looked at (a production config naming it fails loudly)', () => {
    const result = verifyManifest(manifest, null, DEV_PUBLIC, { env: PROD_ENV });
    expect(result).toMatchObject({ ok: false, error: { code: 'DEVELOPMENT_KEY_REFUSED' } });
  });

  it('defaults to process.env: under Jest NODE_ENV is "test"', () => {
    expect(process.env.NODE_ENV).toBe('test');
    expect(verifyManifest(manifest, devSigned, DEV_PUBLIC, { allowDevelopmentKey: true }).ok).toBe(true);
  });
});

describe('verifyBinary: a binary that does not match the manifest is never run (R-INS-9)', () => {
  it('accepts the exact bytes, in either hex case', () => {
    expect(verifyBinary(binary, binarySha)).toEqual({ ok: true, sha256: binarySha });
    expect(verifyBinary(binary, binarySha.toUpperCase()).ok).toBe(true);
  });

  it('refuses one changed byte and names both hashes', () => {
    const patched = Buffer.from(binary);
    patched[0] = 0x4e;
    const verdict = verifyBinary(patched, binarySha);
    expect(verdict).toMatchObject({ ok: false, error: { code: 'BINARY_MISMATCH' } });
    if (!verdict.ok) expect(verdict.error.message).toContain(binarySha);
  });

  it('hashes a file on disk, and reports a missing one as unreadable', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-bin-'));
    try {
      const file = path.join(dir, 'Sysmon64.exe');
      fs.writeFileSync(file, binary);
      expect(await verifyBinaryFile(file, binarySha)).toEqual({ ok: true, sha256: binarySha });
      fs.appendFileSync(file, 'x');
      expect(await verifyBinaryFile(file, binarySha)).toMatchObject({ ok: false, error: { code: 'BINARY_MISMATCH' } });
      expect(await verifyBinaryFile(path.join(dir, 'missing.exe'), binarySha)).toMatchObject({ ok: false, error: { code: 'BINARY_UNREADABLE' } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
