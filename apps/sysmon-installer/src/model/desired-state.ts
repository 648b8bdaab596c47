/** One release of the managed Sysmon, as listed in the signed release manifest (R-INS-9). */
export interface ReleaseEntry {
  /** Sysinternals spelling, e.g. "15.15". */
  readonly version: string;
  /** Lower-case hex SHA-256 of the Sysmon64.exe we ship for this version. */
  readonly sha256: string;
  /** UTC calendar date, YYYY-MM-DD; the soak period counts from its start (R-INS-7). */
  readonly releaseDate: string;
  readonly vulnerable: boolean;
}

/** The managed configuration, identified by the bytes we apply. */
export interface ManagedConfig {
  /** SHA-256 of the configuration XML as applied. */
  readonly sha256: string;
  /** Its schemaversion attribute; a binary whose maximum is lower cannot take it (BUG-17). */
  readonly schemaVersion: string;
}

/**
 * What the operator wants, from verified inputs only: the releases of a manifest whose
 * signature checked out, and the validated managed configuration.
 *
 * The Rules hash that the applied configuration is expected to have is not here but in
 * History.appliedConfig: it is something we recorded right after our own apply
 * (R-INS-5), and it changes in the same transaction as the journal step that caused it.
 */
export interface DesiredState {
  readonly releases: readonly ReleaseEntry[];
  readonly config: ManagedConfig;
}
