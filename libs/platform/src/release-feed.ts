/**
 * Where the installer learns which managed Sysmon releases exist (R-INS-6/7):
 * version, release date (soak), the vulnerable flag, and the SHA-256 the
 * downloaded bytes must match (R-INS-9).
 */

export interface SysmonRelease {
  version: string;
  releasedMs: number;
  vulnerable: boolean;
  /** Lower-case hex SHA-256 of the binary. */
  sha256: string;
  /** e.g. Sysmon64.exe: the service is named after it. */
  fileName: string;
  size: number;
}

export interface ReleaseFeedPort {
  /** Oldest version first. */
  list(): Promise<SysmonRelease[]>;
  /** NOT_FOUND for a version the feed does not carry. */
  download(version: string): Promise<Uint8Array>;
}
