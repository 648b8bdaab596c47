/**
 * Operating-system identity: R-INS-3 refuses an OS older than the managed
 * Sysmon supports, and the inbox Sysmon (BUG-21, R-INS-2) is an optional
 * feature of Windows 11 24H2 / Server 2025 builds.
 */
import { PlatformError } from './errors';

export type ProductType = 'workstation' | 'server' | 'domain-controller';
export type Architecture = 'x64' | 'x86' | 'arm64';
export type OptionalFeatureState = 'enabled' | 'disabled' | 'absent';

export interface OsVersion {
  major: number;
  minor: number;
  build: number;
  /** Update build revision (the fourth part of 10.0.22631.2861). */
  ubr: number;
  productType: ProductType;
  productName: string;
  /** e.g. 23H2; null on releases that have none. */
  displayVersion: string | null;
  architecture: Architecture;
}

export interface OsInfoPort {
  version(): Promise<OsVersion>;
  hostName(): Promise<string>;
  optionalFeature(name: string): Promise<OptionalFeatureState>;
}

/** "10.0.22631" or "10.0.22631.2861" (INVALID_ARGUMENT otherwise). */
export function parseOsBuild(text: string): Pick<OsVersion, 'major' | 'minor' | 'build' | 'ubr'> {
  const match = /^\s*(\d{1,3})\.(\d{1,3})\.(\d{1,6})(?:\.(\d{1,6}))?\s*$/.exec(text ?? '');
  if (!match) throw new PlatformError('INVALID_ARGUMENT', `OS version must look like 10.0.22631 or 10.0.22631.2861, got ${JSON.stringify(text)}`);
  return { major: Number(match[1]), minor: Number(match[2]), build: Number(match[3]), ubr: match[4] === undefined ? 0 : Number(match[4]) };
}

export function formatOsBuild(version: Pick<OsVersion, 'major' | 'minor' | 'build' | 'ubr'>): string {
  return `${version.major}.${version.minor}.${version.build}.${version.ubr}`;
}

/** Negative, zero or positive like a sort comparator, over major.minor.build.ubr. */
export function compareOsBuilds(a: Pick<OsVersion, 'major' | 'minor' | 'build' | 'ubr'>, b: Pick<OsVersion, 'major' | 'minor' | 'build' | 'ubr'>): number {
  return a.major - b.major || a.minor - b.minor || a.build - b.build || a.ubr - b.ubr;
}
