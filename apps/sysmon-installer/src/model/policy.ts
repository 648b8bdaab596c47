export interface Policy {
  /** Days after a release's date before it is installed (R-INS-7). */
  readonly soakDays: number;
  /** The operator runs their own Sysmon: never install one (R-INS-2, R-MON-3). */
  readonly selfManaged: boolean;
  /** Oldest Windows version the managed Sysmon supports (R-INS-3). */
  readonly minimumOsVersion: string;
  /** Failed installs of one version before the state becomes FAILED (R-INS-3). */
  readonly maxInstallAttempts: number;
  /**
   * Repairs within 24 hours before the installer stops repairing and reports FAILED.
   * Without it a Sysmon that keeps dying would be reinstalled forever.
   */
  readonly maxRepairsPerDay: number;
}

export const DEFAULT_POLICY: Policy = Object.freeze({
  soakDays: 30,
  selfManaged: false,
  // Windows 10 / Server 2016 and later, as Sysmon's download page states for current releases.
  minimumOsVersion: '10.0.10240',
  maxInstallAttempts: 3,
  maxRepairsPerDay: 5,
});
