import { SysmonCli, classifySysmonFailure, sysmonArguments, type SysmonCommandPort, type SysmonRunResult } from '../src';
import { expectPlatformError } from '../src/testing';

describe('Sysmon arguments (every command unattended: -accepteula)', () => {
  it.each([
    [sysmonArguments('install', 'C:\\c.xml'), ['-accepteula', '-i', 'C:\\c.xml']],
    [sysmonArguments('install', 'C:\\c.xml', { driverName: 'HlthDrv' }), ['-accepteula', '-i', 'C:\\c.xml', '-d', 'HlthDrv']],
    [sysmonArguments('apply-config', 'C:\\c.xml'), ['-accepteula', '-c', 'C:\\c.xml']],
    [sysmonArguments('print-config'), ['-accepteula', '-c']],
    [sysmonArguments('uninstall'), ['-accepteula', '-u']],
    [sysmonArguments('uninstall', true), ['-accepteula', '-u', 'force']],
  ])('%j', (got, expected) => expect(got).toEqual(expected));
});

const result = (exitCode: number, stderr = '', stdout = ''): SysmonRunResult => ({ exitCode, stderr, stdout });

describe('a failed Sysmon run becomes a PlatformError code', () => {
  it.each([
    [result(5), 'ACCESS_DENIED'],
    [result(1, 'Failed to stop Sysmon64: Access is denied.'), 'ACCESS_DENIED'],
    [result(1073), 'ALREADY_EXISTS'],
    [result(1183), 'ALREADY_EXISTS'],
    [result(1, 'Sysmon64 is already registered.'), 'ALREADY_EXISTS'],
    [result(1060), 'NOT_FOUND'],
    [result(1, 'Sysmon64 is not installed.'), 'NOT_FOUND'],
    [result(87), 'INVALID_ARGUMENT'],
    [result(1, 'Error: Incorrect or unsupported schema version: 4.90'), 'INVALID_ARGUMENT'],
    [result(1072), 'MARKED_FOR_DELETE'],
    [result(32), 'BUSY'],
    [result(1, 'something odd'), 'OS_CALL_FAILED'],
  ])('%j -> %s', (r, code) => expect(classifySysmonFailure(r)).toBe(code));
});

describe('SysmonCli over a scripted port', () => {
  function scripted(results: SysmonRunResult[]): SysmonCommandPort & { calls: [string, readonly string[]][] } {
    const calls: [string, readonly string[]][] = [];
    return {
      calls,
      run: async (binary, args) => {
        calls.push([binary, args]);
        return results.shift() ?? result(0);
      },
    };
  }

  it('returns the output on exit 0 and runs the given binary', async () => {
    const port = scripted([result(0, '', 'Current configuration:\r\n...')]);
    expect(await new SysmonCli(port).printConfig('C:\\Windows\\Sysmon64.exe')).toContain('Current configuration');
    expect(port.calls).toEqual([['C:\\Windows\\Sysmon64.exe', ['-accepteula', '-c']]]);
  });

  it('BUG-20: an access-denied uninstall throws ACCESS_DENIED with the exit code and what Sysmon said', async () => {
    const port = scripted([result(5, 'Failed to stop Sysmon64: Access is denied.')]);
    const error = await expectPlatformError(new SysmonCli(port).uninstall('C:\\Staging\\Sysmon64.exe', { force: true }), 'ACCESS_DENIED');
    expect(error.errno).toBe(5);
    expect(error.message).toContain('Access is denied');
    expect(error.message).toContain('-u force');
  });
});
