import { canonicalVersion } from '../version/sysmon-version';

/** Failures are counted per thing tried: one version for installs... */
export function installKey(version: string): string {
  return canonicalVersion(version);
}

/** ...and one configuration with one binary for applies (Rules' encoding belongs to the binary). */
export function configKey(configSha256: string, version: string): string {
  return `${configSha256}@${canonicalVersion(version)}`;
}
