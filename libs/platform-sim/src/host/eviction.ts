/**
 * Which oldest records an append overwrites when the log is full ("overwrite
 * events as needed", the default retention): as few as free enough room, the
 * oldest first. Record ids are never reused, so readers see the loss as a jump.
 */
export interface SizedRecord {
  recordId: number;
  size: number;
}

/** How many of `oldestFirst` to drop so that `incoming` fits under `maxBytes`; all of them if even that is not enough. */
export function recordsToEvict(currentBytes: number, incoming: number, maxBytes: number, oldestFirst: readonly SizedRecord[]): number {
  let size = currentBytes;
  let count = 0;
  while (size + incoming > maxBytes && count < oldestFirst.length) {
    size -= oldestFirst[count].size;
    count += 1;
  }
  return count;
}
