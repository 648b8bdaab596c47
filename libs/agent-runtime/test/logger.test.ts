import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLogger } from '../src';

describe('createLogger: one JSON logger per process, files under <home>/logs', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sysward-logger-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('writes JSON lines with component, pid and child bindings into a numbered file', async () => {
    const { logger, close } = await createLogger('events-monitor', home);
    logger.child({ module: 'outbox' }).warn({ bytes: 12 }, 'outbox nearly full');
    logger.debug('not at the default level');
    await close();
    const files = fs.readdirSync(path.join(home, 'logs'));
    expect(files).toEqual(['events-monitor.1.log']);
    const lines = fs.readFileSync(path.join(home, 'logs', files[0]), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ component: 'events-monitor', pid: process.pid, module: 'outbox', bytes: 12, msg: 'outbox nearly full', level: 40 });
    expect(typeof lines[0].time).toBe('string');
  });

  it('rotates to a new numbered file once the size limit is reached', async () => {
    const { logger, close } = await createLogger('supervisor', home, { rotateSize: '1k' });
    for (let i = 0; i < 40; i++) {
      logger.info({ i, padding: 'x'.repeat(100) }, 'line');
      // the destination switches files once the current one is full
      await new Promise((resolve) => setImmediate(resolve));
    }
    await close();
    const files = fs.readdirSync(path.join(home, 'logs')).sort();
    expect(files.length).toBeGreaterThan(1);
    expect(files.every((f) => /^supervisor\.\d+\.log$/.test(f))).toBe(true);
  });

  it.each([
    ['Events Monitor', '/abs', 'component name must be kebab-case'],
    ['supervisor', 'relative/home', 'home must be an absolute path'],
  ])('rejects component %j with home %j', async (component, homeDir, message) => {
    await expect(createLogger(component, homeDir)).rejects.toThrow(message);
  });
});
