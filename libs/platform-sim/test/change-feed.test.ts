/**
 * ChangeFeed (ADR 0501): a listener must hear of every commit by another process,
 * even when something on the same connection starts waiting before the watcher's
 * event arrives. The installer's registry watch (R-INS-5) missed tampering that way.
 */
import { tempHost, type TempHost } from './support';

let t: TempHost;
afterEach(() => t.dispose());

it('R-INS-5: a registry watch still fires when a wait begins between the other process\'s commit and its notification', async () => {
  // A slow fallback poll: only the watcher (or the fix) can deliver the change in time.
  t = tempHost({ fallbackPollMs: 60_000 });
  const key = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Probe';
  await t.host.ports.registry.createKey(key);
  const seen: number[] = [];
  const watch = await t.host.ports.registry.watch(key, { subtree: true }, () => seen.push(Date.now()));
  const other = t.second();
  await other.ports.registry.setValue(key, 'Rules', { type: 'REG_BINARY', data: new Uint8Array([1, 2, 3]) });
  // Same tick as the commit: a reader starts waiting (as a channel subscription does).
  const waiting = t.host.waitForChange(t.host.changeToken(), 200);
  await waiting;
  await new Promise((resolve) => setTimeout(resolve, 300));
  watch.close();
  expect(seen.length).toBeGreaterThanOrEqual(1);
});
