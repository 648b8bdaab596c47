import type { Checkpoint, StoreOpenReport } from '@sysward/state-store';

/**
 * BUG-14: a channel read before whose checkpoint is gone would be resent from
 * its oldest record without anyone noticing. When the store says why the
 * checkpoint may be missing, the monitor says so before it reads anything.
 * Null when there is a checkpoint or no sign that there ever was one.
 */
export function missingCheckpointWarning(channel: string, checkpoint: Checkpoint | null, report: StoreOpenReport): string | null {
  if (checkpoint !== null) return null;
  const causes: string[] = [];
  if (report.recreated) causes.push(`the state store was unreadable and has been recreated (${report.recreated.reason})`);
  else if (report.createdEmpty?.lossSuspected) causes.push(`the state store was missing or empty (${report.createdEmpty.reason})`);
  // Recordings have their own keys; only a channel-like row can be this channel under another name.
  const others = report.unmatchedCheckpointKeys.filter((key) => !key.startsWith('recording:'));
  if (others.length > 0) causes.push(`checkpoints exist only under other channel names: ${others.join(', ')}`);
  if (causes.length === 0) return null;
  return `${channel} has no checkpoint although it was read before (${causes.join('; ')}): reading it again from its oldest record; events delivered before will be sent again`;
}
