import { parseArgs, UsageError, type FlagSpec } from '@sysward/command-line';

const SPEC: Record<string, FlagSpec> = {
  home: { kind: 'string', description: 'home', env: 'TEST_SYSWARD_HOME' },
  ids: { kind: 'list', description: 'ids' },
  cap: { kind: 'number', description: 'cap', default: 450 },
  watch: { kind: 'boolean', description: 'watch' },
};

describe('parseArgs: every command takes its flags strictly (R-REL-2 bad input gets a clear error)', () => {
  const cases: Array<[string, string[], Record<string, unknown>, string[]]> = [
    ['positionals and a string flag', ['a.evtx', '--home', '/h', 'b.evtx'], { home: '/h', cap: 450 }, ['a.evtx', 'b.evtx']],
    ['--flag=value form', ['--home=/x'], { home: '/x', cap: 450 }, []],
    ['lists accumulate and split on commas', ['--ids', '1,3', '--ids=8'], { ids: ['1', '3', '8'], cap: 450 }, []],
    ['numbers are numbers', ['--cap', '12.5'], { cap: 12.5 }, []],
    ['booleans take no value', ['--watch'], { watch: true, cap: 450 }, []],
    ['-- ends the options', ['--', '--watch'], { cap: 450 }, ['--watch']],
  ];
  it.each(cases)('%s', (_name, argv, flags, positionals) => {
    const parsed = parseArgs(argv, SPEC);
    expect(parsed.positionals).toEqual(positionals);
    expect(parsed.flags).toEqual(flags);
  });

  const errors: Array<[string[], RegExp]> = [
    [['--nope'], /unknown option --nope/],
    [['--home'], /option --home needs a value/],
    [['--home', '--watch'], /option --home needs a value/],
    [['--cap', 'lots'], /option --cap needs a number, got "lots"/],
    [['--watch=yes'], /option --watch takes no value/],
  ];
  it.each(errors)('rejects %j naming the flag', (argv, message) => {
    expect(() => parseArgs(argv, SPEC)).toThrow(UsageError);
    expect(() => parseArgs(argv, SPEC)).toThrow(message);
  });

  it('falls back to the environment variable, and names it when its value is bad', () => {
    process.env.TEST_SYSWARD_HOME = '/from-env';
    try {
      expect(parseArgs([], SPEC).flags.home).toBe('/from-env');
      expect(parseArgs(['--home', '/flag'], SPEC).flags.home).toBe('/flag');
    } finally {
      delete process.env.TEST_SYSWARD_HOME;
    }
  });
});
