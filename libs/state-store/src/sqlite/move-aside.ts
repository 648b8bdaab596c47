import * as fs from 'node:fs';

/** The files SQLite keeps for one database in WAL mode, as suffixes of its path. */
export const DATABASE_FILE_SUFFIXES = ['', '-wal', '-shm', '-journal'] as const;

function stamp(ms: number): string {
  // ISO without ':' so the name is valid on Windows as well.
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');
}

function anyExists(base: string): boolean {
  return DATABASE_FILE_SUFFIXES.some((suffix) => fs.existsSync(`${base}${suffix}`));
}

/**
 * Renames the database and its companion files to `<path>.corrupt-<stamp>`
 * (plus the same suffixes), so nothing is deleted and an operator can still
 * inspect or salvage them. Returns the new base path.
 */
export function moveDatabaseAside(path: string, nowMs: number): string {
  const base = `${path}.corrupt-${stamp(nowMs)}`;
  let target = base;
  for (let n = 1; anyExists(target); n++) target = `${base}-${n}`;
  for (const suffix of DATABASE_FILE_SUFFIXES) {
    try {
      fs.renameSync(`${path}${suffix}`, `${target}${suffix}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return target;
}

/** Companion files present without their database (they would be replayed into a new, unrelated file). */
export function orphanCompanions(path: string): string[] {
  return DATABASE_FILE_SUFFIXES.filter((suffix) => suffix !== '' && fs.existsSync(`${path}${suffix}`)).map(
    (suffix) => `${path}${suffix}`,
  );
}
