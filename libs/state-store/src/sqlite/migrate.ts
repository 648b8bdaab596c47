import type Database from 'better-sqlite3';
import { StateStoreError, messageOf } from '../errors';
import { APPLICATION_ID, type Migration, type MigrationContext } from './schema';

/** A file from a newer release is never downgraded or moved aside: its data may be perfectly good. */
export function schemaTooNewError(path: string, version: number, known: number): StateStoreError {
  return new StateStoreError(
    'SCHEMA_TOO_NEW',
    `state store ${path} has schema version ${version}, but this build knows versions up to ${known}; ` +
      'it was written by a newer Sysward and is left untouched (upgrade this component or point it at another file)',
  );
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration list is malformed: entry ${index} has version ${migration.version}, expected ${index + 1}`);
    }
  });
}

/**
 * Brings a database from `fromVersion` to the newest version in one immediate
 * transaction, so a crash or a failing step leaves the file exactly as it was
 * (user_version is part of the header page and rolls back with the rest).
 * Returns the version reached.
 */
export function runMigrations(
  db: Database.Database,
  fromVersion: number,
  migrations: readonly Migration[],
  context: MigrationContext,
  path: string,
): number {
  assertOrdered(migrations);
  const target = migrations.length;
  if (fromVersion > target) throw schemaTooNewError(path, fromVersion, target);
  if (fromVersion === target) return target;

  let current = fromVersion;
  const apply = db.transaction(() => {
    for (const migration of migrations.slice(fromVersion)) {
      current = migration.version;
      migration.up(db, context);
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${target}`);
  });
  try {
    apply.immediate();
  } catch (error) {
    const step = migrations[current - 1];
    throw new StateStoreError(
      'MIGRATION_FAILED',
      `state store ${path}: migration from version ${fromVersion} to ${target} failed at step ${current} ` +
        `(${step?.description ?? 'unknown'}): ${messageOf(error)}; the file was left at version ${fromVersion}`,
      { cause: error },
    );
  }
  return target;
}
