import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageVersion, supervisedIdentity } from '../src';

describe('supervisedIdentity: a component reports only when a supervisor started it (R-SUP-2)', () => {
  it.each([
    [{ SYSWARD_COMPONENT: 'events-monitor', SYSWARD_HOME: '/h' }, { component: 'events-monitor', home: '/h' }],
    [{ SYSWARD_COMPONENT: 'events-monitor', SYSWARD_HOME: 'rel' }, { component: 'events-monitor', home: '/cwd/rel' }],
    [{ SYSWARD_HOME: '/h' }, null],
    [{ SYSWARD_COMPONENT: '', SYSWARD_HOME: '/h' }, null],
    [{ SYSWARD_COMPONENT: 'events-monitor' }, null],
    [{}, null],
  ])('%j -> %j', (env, expected) => {
    expect(supervisedIdentity(env, '/cwd')).toEqual(expected);
  });
});

describe('packageVersion', () => {
  it('reads the version of a package folder, "unknown" when there is none', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pkg-version-'));
    try {
      expect(packageVersion(dir)).toBe('unknown');
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ version: '1.2.3' }));
      expect(packageVersion(dir)).toBe('1.2.3');
      fs.writeFileSync(path.join(dir, 'package.json'), '{not json');
      expect(packageVersion(dir)).toBe('unknown');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
