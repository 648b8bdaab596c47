/**
 * Running a Sysmon binary. The port is deliberately one call, `run`: the
 * Windows adapter spawns the executable, the sim interprets the same argument
 * syntax. Typed operations and error mapping live in SysmonCli on top, so both
 * share them.
 */

export interface SysmonRunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface SysmonCommandPort {
  /** Runs `binaryPath args...` elevated and waits for it. NOT_FOUND when the binary does not exist. */
  run(binaryPath: string, args: readonly string[], options?: { timeoutMs?: number }): Promise<SysmonRunResult>;
}

/** Sysmon facts that do not depend on the version (STACK-NOTES, BUG-21). */
export const SYSMON_DRIVER_ALTITUDE = '385201';
export const SYSMON_DEFAULT_DRIVER_NAME = 'SysmonDrv';
export const SYSMON_OPERATIONAL_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';
export const SYSMON_PUBLISHER_GUID = '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}';

/** Where the applied configuration lives: HKLM\SYSTEM\CurrentControlSet\Services\<driver>\Parameters. */
export function sysmonParametersKey(driverName: string): string {
  return `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${driverName}\\Parameters`;
}
