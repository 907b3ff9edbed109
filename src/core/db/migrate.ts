import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './index.ts';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-catalogue.ts';
import * as m0003 from './migrations/0003-cache-revisions.ts';
import * as m0004 from './migrations/0004-applications.ts';
import * as m0005 from './migrations/0005-submit-functions.ts';
import * as m0006 from './migrations/0006-case-handling.ts';
import * as m0007 from './migrations/0007-reach.ts';
import * as m0008 from './migrations/0008-professionals.ts';

// Listed by hand rather than read from disk, so that a bundled or compiled build finds them too.
const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-catalogue': m0002,
  '0003-cache-revisions': m0003,
  '0004-applications': m0004,
  '0005-submit-functions': m0005,
  '0006-case-handling': m0006,
  '0007-reach': m0007,
  '0008-professionals': m0008,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
