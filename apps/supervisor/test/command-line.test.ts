import { parseSupervisorCommandLine } from '../src';

describe('supervisor command line', () => {
  it.each([
    [[], {}, { home: '/cwd/var', configFile: '/cwd/var/config/supervisor.json' }],
    [['--home', '/h'], {}, { home: '/h', configFile: '/h/config/supervisor.json' }],
    [[], { SYSWARD_HOME: '/env' }, { home: '/env', configFile: '/env/config/supervisor.json' }],
    [['--home=/h', '--config', 'c.json'], {}, { home: '/h', configFile: '/cwd/c.json' }],
    [['--config=/etc/s.json'], {}, { home: '/cwd/var', configFile: '/etc/s.json' }],
  ])('%j env %j -> %j', (argv, env, expected) => {
    expect(parseSupervisorCommandLine(argv, env, '/cwd')).toEqual(expected);
  });

  it.each([
    [['--config'], '--config needs a file'],
    [['--config', '--home', '/h'], '--config needs a file'],
    [['--config='], '--config= needs a file'],
    [['--verbose'], 'unknown argument "--verbose"'],
    [['--home'], '--home needs a directory'],
  ])('%j is an error: %s', (argv, message) => {
    expect(() => parseSupervisorCommandLine(argv, {}, '/cwd')).toThrow(message);
  });
});
