import { decideAccess, serviceAccountPolicy, syswardPipeSddl } from '../src';

describe('R-SUP-5 only the service account and administrators reach local IPC', () => {
  it.each([
    [0, [0]],
    [998, [998, 0]],
  ])('service account uid %d allows uids %j', (uid, allowed) => {
    expect(serviceAccountPolicy(uid).allowedUids).toEqual(allowed);
  });

  const policy = serviceAccountPolicy(998);
  it.each([
    [{ pid: 1, uid: 998, gid: 998 }, true, ''],
    [{ pid: 2, uid: 0, gid: 0 }, true, ''],
    [{ pid: 3, uid: 1000, gid: 998 }, false, 'uid 1000 (pid 3) is not the service account or an administrator (allowed uids: 998, 0)'],
    [{ pid: 4, uid: 65534, gid: 0 }, false, 'uid 65534 (pid 4) is not the service account'],
    [new Error('getsockopt failed'), false, 'peer credentials unavailable: getsockopt failed'],
  ])('peer %j allowed: %s', (peer, allowed, reason) => {
    const decision = decideAccess(peer, policy);
    expect(decision.allowed).toBe(allowed);
    if (!decision.allowed) expect(decision.reason).toContain(reason);
  });

  it.each([
    ['S-1-5-18', 'D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GA;;;S-1-5-18)'],
    ['S-1-5-80-1234-5678', 'D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GA;;;S-1-5-80-1234-5678)'],
  ])('pipe security descriptor for %s: protected DACL, SYSTEM, Administrators, service account', (sid, sddl) => {
    expect(syswardPipeSddl(sid)).toBe(sddl);
  });

  it.each(['', 'Everyone', 'S-1-5-18)(A;;GA;;;WD'])('refuses %j as a SID (no SDDL injection)', (sid) => {
    expect(() => syswardPipeSddl(sid)).toThrow('is not a SID string');
  });
});
