import { canonicalRegistryPath, canonicalWindowsPath, parentRegistryPath, registryPathKey, serviceImageFile, validateRegistryValue, windowsBaseName, type RegistryValue } from '../src';

describe('registry paths: one spelling per key', () => {
  it.each([
    ['HKLM\\SYSTEM\\CurrentControlSet', 'HKLM\\SYSTEM\\CurrentControlSet'],
    ['HKEY_LOCAL_MACHINE\\System\\', 'HKLM\\System'],
    ['hklm/software//x', 'HKLM\\software\\x'],
    ['HKEY_CURRENT_USER', 'HKCU'],
    ['HKU\\S-1-5-18\\Software', 'HKU\\S-1-5-18\\Software'],
  ])('%s -> %s', (input, expected) => expect(canonicalRegistryPath(input)).toBe(expected));
  it.each(['SYSTEM\\x', '', 'HKXX\\a', `HKLM\\${'k'.repeat(256)}`])('%j is INVALID_ARGUMENT', (input) => expect(() => canonicalRegistryPath(input)).toThrow(/INVALID_ARGUMENT/));
  it('keys compare lower case; parents walk up to the hive', () => {
    expect(registryPathKey('HKEY_LOCAL_MACHINE\\SYSTEM')).toBe('hklm\\system');
    expect(parentRegistryPath('HKLM\\a\\b')).toBe('HKLM\\a');
    expect(parentRegistryPath('HKLM')).toBeNull();
  });
  const ok: RegistryValue[] = [
    { type: 'REG_DWORD', data: 0 },
    { type: 'REG_DWORD', data: 0xffffffff },
    { type: 'REG_QWORD', data: 2n ** 64n - 1n },
    { type: 'REG_MULTI_SZ', data: [] },
    { type: 'REG_BINARY', data: new Uint8Array(0) },
  ];
  it.each(ok.map((v) => [v.type, v]))('%s accepted', (_t, v) => expect(() => validateRegistryValue(v)).not.toThrow());
  const bad = [
    { type: 'REG_DWORD', data: 1.5 },
    { type: 'REG_DWORD', data: -1 },
    { type: 'REG_QWORD', data: 2n ** 64n },
    { type: 'REG_QWORD', data: 5 },
    { type: 'REG_MULTI_SZ', data: ['a', ''] },
    { type: 'REG_BINARY', data: [1, 2] },
    { type: 'REG_NONE', data: null },
  ];
  it.each(bad.map((v) => [JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x)), v]))('%s refused', (_t, v) => expect(() => validateRegistryValue(v as RegistryValue)).toThrow(/INVALID_ARGUMENT/));
});

describe('Windows file paths', () => {
  it.each([
    ['c:\\Windows\\\\System32\\', 'C:\\Windows\\System32'],
    ['C:/Program Files/Sysward/./x.exe', 'C:\\Program Files\\Sysward\\x.exe'],
    ['C:\\a\\..\\b', 'C:\\b'],
  ])('%s -> %s', (input, expected) => expect(canonicalWindowsPath(input)).toBe(expected));
  it.each(['relative\\x', '\\\\server\\share', ''])('%j is INVALID_ARGUMENT', (input) => expect(() => canonicalWindowsPath(input)).toThrow(/INVALID_ARGUMENT/));
  it('base name', () => expect(windowsBaseName('C:\\Windows\\Sysmon64.exe')).toBe('Sysmon64.exe'));
});

describe('BUG-20: the binary behind a service ImagePath (uninstall with the installed binary)', () => {
  it.each([
    ['C:\\Windows\\Sysmon64.exe', 'own-process', 'C:\\Windows\\Sysmon64.exe'],
    ['"C:\\Program Files\\X\\svc.exe" --run', 'own-process', 'C:\\Program Files\\X\\svc.exe'],
    ['C:\\Windows\\system32\\svchost.exe -k netsvcs -p', 'share-process', 'C:\\Windows\\system32\\svchost.exe'],
    ['SysmonDrv.sys', 'kernel-driver', 'C:\\Windows\\SysmonDrv.sys'],
    ['system32\\drivers\\fltmgr.sys', 'file-system-driver', 'C:\\Windows\\system32\\drivers\\fltmgr.sys'],
    ['\\SystemRoot\\System32\\drivers\\x.sys', 'kernel-driver', 'C:\\Windows\\System32\\drivers\\x.sys'],
    ['\\??\\C:\\Drivers\\y.sys', 'kernel-driver', 'C:\\Drivers\\y.sys'],
    ['%SystemRoot%\\HealthMon.exe', 'own-process', 'C:\\Windows\\HealthMon.exe'],
  ] as const)('%s (%s) -> %s', (imagePath, kind, expected) => expect(serviceImageFile(imagePath, kind)).toBe(expected));
});
