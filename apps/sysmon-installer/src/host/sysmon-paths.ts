/**
 * Where the installer keeps what it places on the host. A private directory per
 * version, so the verified copy of the binary we installed is still there when an
 * uninstall must run it (BUG-20), and the configuration file Sysmon was given.
 */
export const PACKAGE_ROOT = 'C:\\Program Files\\Sysward\\packages';
export const MANAGED_CONFIG_PATH = 'C:\\ProgramData\\Sysward\\sysmon-config.xml';
export const SERVICES_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services';
/** Windows' pending-rename list: a non-empty value means a reboot is pending (R-INS-10). */
export const SESSION_MANAGER_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager';
export const PENDING_RENAMES_VALUE = 'PendingFileRenameOperations';

export function packagePath(version: string, fileName = 'Sysmon64.exe'): string {
  return `${PACKAGE_ROOT}\\${version}\\${fileName}`;
}

export function serviceKey(name: string): string {
  return `${SERVICES_KEY}\\${name}`;
}
