import * as fs from 'node:fs';

/**
 * Create the socket directory readable by its owner only (R-SUP-5): with mode
 * 0700, other users get EACCES before they reach a socket. An existing
 * directory is tightened; one that is a symlink or belongs to someone else is
 * refused, since its owner could swap our sockets.
 */
export function prepareRunDirectory(runDir: string, ownerUid: number): void {
  fs.mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(runDir);
  if (!stat.isDirectory()) {
    throw new Error(`run directory ${runDir} is not a directory (a symlink or file is in the way)`);
  }
  if (stat.uid !== ownerUid) {
    throw new Error(`run directory ${runDir} belongs to uid ${stat.uid}, not to the service account (uid ${ownerUid})`);
  }
  if ((stat.mode & 0o777) !== 0o700) fs.chmodSync(runDir, 0o700);
}
