import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SimHost, type CreateSimHostOptions } from '../src';

export interface TempHost {
  home: string;
  host: SimHost;
  /** Another connection to the same file: what a second process sees. */
  second(): SimHost;
  dispose(): void;
}

export function makeHome(prefix = 'sim'): { home: string; cleanup(): void } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `sysward-${prefix}-`));
  return { home, cleanup: () => fs.rmSync(home, { recursive: true, force: true }) };
}

export function tempHost(options: CreateSimHostOptions = {}): TempHost {
  const { home, cleanup } = makeHome();
  const host = SimHost.create(home, options);
  const others: SimHost[] = [];
  return {
    home,
    host,
    second() {
      const other = SimHost.open(home, { fallbackPollMs: options.fallbackPollMs });
      others.push(other);
      return other;
    },
    dispose() {
      for (const o of others) o.close();
      host.close();
      cleanup();
    },
  };
}
