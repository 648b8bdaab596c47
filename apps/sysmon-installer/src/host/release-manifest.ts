/**
 * The desired state's releases come only from a manifest whose signature verified
 * (R-INS-9). The manifest is published beside the binaries; a ReleaseFeedPort lists
 * releases, so the publisher's side is modelled here: `manifestFromFeed` renders the
 * feed as the manifest bytes the publisher signs. On the simulated host the sim plays
 * the publisher and signs with the committed development key, which verifyManifest
 * accepts only in a test environment (ADR 0603).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReleaseFeedPort } from '@sysward/platform';
import { signManifest } from '../manifest/sign-manifest';
import { verifyManifest, type VerifiedManifest } from '../manifest/verify-manifest';
import type { Environment } from '../manifest/development-key';

/** The committed development key pair (its private half is public: it proves nothing). */
const FIXTURES = path.resolve(__dirname, '../../test/fixtures');
export const DEVELOPMENT_PRIVATE_KEY_FILE = path.join(FIXTURES, 'DEVELOPMENT-ONLY-manifest-signing-key.private.pem');
export const DEVELOPMENT_PUBLIC_KEY_FILE = path.join(FIXTURES, 'DEVELOPMENT-ONLY-manifest-signing-key.public.pem');

function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export async function manifestFromFeed(feed: ReleaseFeedPort): Promise<Uint8Array> {
  const releases = (await feed.list()).map((r) => ({ version: r.version, sha256: r.sha256, releaseDate: utcDate(r.releasedMs), vulnerable: r.vulnerable }));
  return Buffer.from(JSON.stringify({ releases }));
}

/** The sim's publisher: the feed's releases signed with the development key. */
export async function signedSimManifest(feed: ReleaseFeedPort): Promise<{ bytes: Uint8Array; signature: Uint8Array }> {
  const bytes = await manifestFromFeed(feed);
  return { bytes, signature: signManifest(bytes, fs.readFileSync(DEVELOPMENT_PRIVATE_KEY_FILE, 'utf8')) };
}

export async function loadSimReleases(feed: ReleaseFeedPort, publicKey: string, env: Environment): Promise<VerifiedManifest> {
  const { bytes, signature } = await signedSimManifest(feed);
  return verifyManifest(bytes, signature, publicKey, { allowDevelopmentKey: true, env });
}
