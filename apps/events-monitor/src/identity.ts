import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The agent id is created once per installation (per home) and shared by
 * every component, so idempotency keys stay stable across restarts (R-MON-5).
 * Written to a temporary file and renamed, so a crash never leaves half an id.
 */
export function loadOrCreateAgentId(home: string): string {
  const file = path.join(home, 'agent-id');
  try {
    const id = fs.readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f-]{36}$/.test(id)) return id;
  } catch {
    // not there yet
  }
  fs.mkdirSync(home, { recursive: true });
  const id = crypto.randomUUID();
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, id + '\n', { mode: 0o640 });
  fs.renameSync(tmp, file);
  return id;
}
