/**
 * The manifest signing key committed for tests, fixtures and local development
 * (apps/sysmon-installer/test/fixtures/DEVELOPMENT-ONLY-manifest-signing-key.*.pem).
 * Its private half is public, so anything it signs proves nothing. The verifier
 * recognises it by this fingerprint (SHA-256 of the DER SubjectPublicKeyInfo) even
 * when someone configures it as the production key, and refuses it outside tests.
 */
export const DEVELOPMENT_KEY_FINGERPRINT = 'f67beb894c6e2deabcbfb212c95e9ca308eae662c534af4d13ed93d6eb919f0d';

/** Set to "1" by test harnesses that do not run under Jest (which sets NODE_ENV=test). */
export const TEST_MODE_VARIABLE = 'SYSWARD_TEST_MODE';

export type Environment = Readonly<Record<string, string | undefined>>;

export function isTestEnvironment(env: Environment): boolean {
  return env.NODE_ENV === 'test' || env[TEST_MODE_VARIABLE] === '1';
}
