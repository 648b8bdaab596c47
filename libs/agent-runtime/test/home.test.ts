import { resolveHome } from '../src';

describe('resolveHome from a raw argv (--home DIR / SYSWARD_HOME / ./var)', () => {
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

describe('resolveHome from an already parsed --home flag (the CLI commands)', () => {
  it.each([
    ['/flag', { SYSWARD_HOME: '/env' }, '/flag'],
    ['rel', {}, '/cwd/rel'],
    [undefined, { SYSWARD_HOME: '/env' }, '/env'],
    [undefined, { SYSWARD_HOME: '' }, '/cwd/var'],
    ['', { SYSWARD_HOME: '/env' }, '/env'],
    [undefined, {}, '/cwd/var'],
  ])('flag %s env %j -> %s', (flag, env, expected) => {
    expect(resolveHome(flag, env, '/cwd')).toBe(expected);
  });

  it('defaults to the process environment and working directory', () => {
    const saved = process.env.SYSWARD_HOME;
    delete process.env.SYSWARD_HOME;
    try {
      expect(resolveHome(undefined)).toBe(`${process.cwd()}/var`);
    } finally {
      if (saved !== undefined) process.env.SYSWARD_HOME = saved;
    }
  });
});
