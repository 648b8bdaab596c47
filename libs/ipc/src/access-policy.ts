/**
 * Who may talk to a Sysward IPC server (R-SUP-5): the service account the
 * agent runs as, and the administrator (root). Pure, so tested as a table.
 */
export interface PeerIdentity {
  pid: number;
  uid: number;
  gid: number;
}

export interface AccessPolicy {
  allowedUids: readonly number[];
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

const ROOT_UID = 0;

/** The service account (this process's effective uid) and root. */
export function serviceAccountPolicy(serviceUid: number): AccessPolicy {
  return { allowedUids: serviceUid === ROOT_UID ? [ROOT_UID] : [serviceUid, ROOT_UID] };
}

export function decideAccess(peer: PeerIdentity | Error, policy: AccessPolicy): AccessDecision {
  if (peer instanceof Error) {
    // Without the kernel's word on who connected, the only safe answer is no.
    return { allowed: false, reason: `peer credentials unavailable: ${peer.message}` };
  }
  if (policy.allowedUids.includes(peer.uid)) return { allowed: true };
  return {
    allowed: false,
    reason: `uid ${peer.uid} (pid ${peer.pid}) is not the service account or an administrator (allowed uids: ${policy.allowedUids.join(', ')})`,
  };
}
