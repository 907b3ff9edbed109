import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/core/db/index.ts';
import { migrateToLatest } from '../../src/core/db/migrate.ts';

/**
 * A fresh, migrated database for one test file. TEST_DB=postgres creates a throw-away
 * database on the server named by TEST_DATABASE_URL (dropped on close); otherwise an
 * in-memory PGlite.
 */
export async function createTestDatabase(): Promise<Database & { url?: string }> {
  if (process.env.TEST_DB === 'postgres') {
    const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `kansrijk_test_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
    await migrateToLatest(database.db);
    return {
      ...database,
      url: url.toString(),
      close: async () => {
        await database.close();
        const cleanup = new pg.Client({ connectionString: adminUrl });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  const database = await openDatabase({});
  await migrateToLatest(database.db);
  return database;
}
