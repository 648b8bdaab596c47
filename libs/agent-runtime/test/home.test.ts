import { resolveHome } from '../src';

describe('resolveHome (--home DIR / SYSWARD_HOME / ./var)', () => {
  it.each([
    [['--home', '/opt/sysward'], {}, '/opt/sysward'],
    [['--home=/opt/sw'], {}, '/opt/sw'],
    [['--home', 'rel/dir'], {}, '/cwd/rel/dir'],
    [['--home', '/a', '--home', '/b'], {}, '/b'], // the last one wins, as with most tools
    [[], { SYSWARD_HOME: '/from/env' }, '/from/env'],
    [['--home', '/args'], { SYSWARD_HOME: '/from/env' }, '/args'],
    [[], { SYSWARD_HOME: '   ' }, '/cwd/var'],
    [[], {}, '/cwd/var'],
    [['status', '--json'], {}, '/cwd/var'],
  ])('%j with env %j -> %s', (argv, env, expected) => {
    expect(resolveHome(argv, env, '/cwd')).toBe(expected);
  });

  it.each([[['--home']], [['--home', '--json']], [['--home=']]])('%j is an error that says what is missing', (argv) => {
    expect(() => resolveHome(argv, {}, '/cwd')).toThrow(/--home=? needs a directory/);
  });
});
