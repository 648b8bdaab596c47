/**
 * Typed Sysmon operations on top of SysmonCommandPort: the argument lists are
 * Sysmon's documented syntax, and a failed run becomes a PlatformError whose
 * code the installer can act on (ACCESS_DENIED for the protected 15.x service
 * of BUG-20, ALREADY_EXISTS for a second install, ...).
 */
import { PlatformError, type PlatformErrorCode } from './errors';
import type { SysmonCommandPort, SysmonRunResult } from './sysmon-command';

export type SysmonAction = 'install' | 'apply-config' | 'print-config' | 'uninstall';

export interface SysmonInstallOptions {
  /** -d: install the driver under another name (renamed installs, BUG-21). */
  driverName?: string;
}

/** Sysmon's documented syntax; every command carries -accepteula because an agent runs unattended and a first run would stop at the EULA. */
export function sysmonArguments(action: 'install', config: string, options?: SysmonInstallOptions): string[];
export function sysmonArguments(action: 'apply-config', config: string): string[];
export function sysmonArguments(action: 'print-config'): string[];
export function sysmonArguments(action: 'uninstall', force?: boolean): string[];
export function sysmonArguments(action: SysmonAction, arg?: string | boolean, options: SysmonInstallOptions = {}): string[] {
  switch (action) {
    case 'install': {
      const args = ['-accepteula', '-i', String(arg)];
      if (options.driverName !== undefined) args.push('-d', options.driverName);
      return args;
    }
    case 'apply-config':
      return ['-accepteula', '-c', String(arg)];
    case 'print-config':
      return ['-accepteula', '-c'];
    case 'uninstall':
      return arg === true ? ['-accepteula', '-u', 'force'] : ['-accepteula', '-u'];
  }
}

/**
 * Win32 error numbers first (Sysmon exits with the error of the call that
 * failed), then the wording Sysmon prints, for exit codes that carry nothing.
 */
export function classifySysmonFailure(result: SysmonRunResult): PlatformErrorCode {
  const byCode: Record<number, PlatformErrorCode> = {
    2: 'NOT_FOUND',
    3: 'NOT_FOUND',
    5: 'ACCESS_DENIED',
    13: 'INVALID_ARGUMENT',
    32: 'BUSY',
    87: 'INVALID_ARGUMENT',
    1060: 'NOT_FOUND',
    1072: 'MARKED_FOR_DELETE',
    1073: 'ALREADY_EXISTS',
    1183: 'ALREADY_EXISTS',
  };
  const fromCode = byCode[result.exitCode];
  if (fromCode) return fromCode;
  const text = `${result.stdout}\n${result.stderr}`;
  if (/access is denied/i.test(text)) return 'ACCESS_DENIED';
  if (/already (registered|installed)/i.test(text)) return 'ALREADY_EXISTS';
  if (/not installed|does not exist/i.test(text)) return 'NOT_FOUND';
  if (/(failed to parse|invalid|incorrect|schema version)/i.test(text)) return 'INVALID_ARGUMENT';
  if (/accept.*eula/i.test(text)) return 'INVALID_ARGUMENT';
  return 'OS_CALL_FAILED';
}

export class SysmonCli {
  constructor(private readonly port: SysmonCommandPort) {}

  install(binaryPath: string, configPath: string, options: SysmonInstallOptions = {}): Promise<SysmonRunResult> {
    return this.call('install', binaryPath, sysmonArguments('install', configPath, options));
  }

  applyConfig(binaryPath: string, configPath: string): Promise<SysmonRunResult> {
    return this.call('apply-config', binaryPath, sysmonArguments('apply-config', configPath));
  }

  /** The active configuration as Sysmon prints it. */
  async printConfig(binaryPath: string): Promise<string> {
    return (await this.call('print-config', binaryPath, sysmonArguments('print-config'))).stdout;
  }

  /** Run with the installed binary (found from ImagePath): a newer one is refused by a protected 15.x (BUG-20). */
  uninstall(binaryPath: string, options: { force?: boolean } = {}): Promise<SysmonRunResult> {
    return this.call('uninstall', binaryPath, sysmonArguments('uninstall', options.force === true));
  }

  private async call(action: SysmonAction, binaryPath: string, args: string[]): Promise<SysmonRunResult> {
    const result = await this.port.run(binaryPath, args);
    if (result.exitCode === 0) return result;
    const said = (result.stderr.trim() || result.stdout.trim()).split(/\r?\n/).slice(-3).join(' / ');
    throw new PlatformError(classifySysmonFailure(result), `sysmon ${action} (${binaryPath} ${args.join(' ')}) exited ${result.exitCode}: ${said}`, {
      errno: result.exitCode,
    });
  }
}
