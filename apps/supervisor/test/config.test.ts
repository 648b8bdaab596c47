import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '@sysward/agent-runtime';
import { DEFAULT_RESTART_POLICY, loadSupervisorConfig, parseSupervisorConfig } from '../src';

const FILE = '/etc/sysward/supervisor.json';

describe('supervisor configuration: fails fast, naming the key and the file', () => {
  it('reads components, resolving commands against the file, with defaults for the rest', () => {
    const config = parseSupervisorConfig(
      { components: [{ name: 'events-monitor', command: '../lib/events-monitor/main.js', args: ['--sink', 'file'], env: { A: 'b' } }] },
      FILE,
    );
    expect(config).toEqual({
      components: [{ name: 'events-monitor', command: '/etc/lib/events-monitor/main.js', args: ['--sink', 'file'], env: { A: 'b' } }],
      restart: DEFAULT_RESTART_POLICY,
      selfManagedSysmon: false,
    });
  });

  it('reads a full restart policy', () => {
    const config = parseSupervisorConfig(
      {
        components: [],
        restart: { initialDelayMs: 10, maxDelayMs: 20, multiplier: 3, jitter: 0, crashLoopCrashes: 2, crashLoopWindowMs: 1000, stopGraceMs: 50, degradedRetryMs: 0 },
        selfManagedSysmon: true,
      },
      FILE,
    );
    expect(config.restart).toEqual({
      backoff: { initialDelayMs: 10, maxDelayMs: 20, multiplier: 3, jitter: 0 },
      crashLoop: { maxCrashes: 2, windowMs: 1000 },
      stopGraceMs: 50,
      degradedRetryMs: 0,
    });
    expect(config.selfManagedSysmon).toBe(true);
  });

  it.each([
    [[], '(root): must be an object'],
    [{}, 'components: must be a list of {name, command, args, env}'],
    [{ components: [], extra: 1 }, 'extra: unknown key'],
    [{ components: [{ command: 'x.js' }] }, 'components[0].name: must be a string'],
    [{ components: [{ name: 'Bad Name', command: 'x.js' }] }, 'components[0].name: component name "Bad Name" is invalid'],
    [{ components: [{ name: 'supervisor', command: 'x.js' }] }, 'components[0].name: "supervisor" is the supervisor itself'],
    [{ components: [{ name: 'a', command: 'x.js' }, { name: 'a', command: 'y.js' }] }, 'components[1].name: "a" is listed twice'],
    [{ components: [{ name: 'a' }] }, 'components[0].command: must be the path of a Node script'],
    [{ components: [{ name: 'a', command: 'x.js', args: 'no' }] }, 'components[0].args: must be a list of strings'],
    [{ components: [{ name: 'a', command: 'x.js', env: { A: 1 } }] }, 'components[0].env: must be an object of string values'],
    [{ components: [{ name: 'a', command: 'x.js', cwd: '/' }] }, 'components[0].cwd: unknown key'],
    [{ components: [], restart: { crashLoopCrashes: 0 } }, 'restart.crashLoopCrashes: must be an integer >= 1'],
    [{ components: [], restart: { crashLoopCrashes: 2.5 } }, 'restart.crashLoopCrashes: must be an integer >= 1'],
    [{ components: [], restart: { jitter: 'lots' } }, 'restart.jitter: must be a number >= 0'],
    [{ components: [], restart: { jitter: 2 } }, 'restart: restart: jitter must be a number in [0, 1]'],
    [{ components: [], restart: { maxDelayMs: 1 } }, 'restart: restart: maxDelayMs must be a number >= initialDelayMs'],
    [{ components: [], restart: { backoff: {} } }, 'restart.backoff: unknown key'],
    [{ components: [], selfManagedSysmon: 'yes' }, 'selfManagedSysmon: must be true or false'],
  ])('%j -> %s', (json, message) => {
    expect(() => parseSupervisorConfig(json, FILE)).toThrow(ConfigError);
    expect(() => parseSupervisorConfig(json, FILE)).toThrow(`${FILE}: ${message}`);
  });

  it('a missing file and broken JSON name the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-config-'));
    try {
      expect(() => loadSupervisorConfig(path.join(dir, 'none.json'))).toThrow(`${path.join(dir, 'none.json')}: (file): cannot read the supervisor configuration: ENOENT`);
      fs.writeFileSync(path.join(dir, 'bad.json'), '{ "components": [ }');
      expect(() => loadSupervisorConfig(path.join(dir, 'bad.json'))).toThrow(`${path.join(dir, 'bad.json')}: (file): not valid JSON`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the shipped example configuration', () => {
  it('is valid and uses the defaults it documents', () => {
    const file = path.join(__dirname, '..', 'config', 'supervisor.example.json');
    const config = loadSupervisorConfig(file);
    expect(config.components.map((c) => c.name)).toEqual(['events-monitor']);
    expect(config.components[0].command).toBe(path.resolve(path.dirname(file), '../../apps/events-monitor/dist/main.js'));
    expect(config.restart).toEqual(DEFAULT_RESTART_POLICY);
  });
});
