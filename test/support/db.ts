import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { openDatabase, type Database } from '../../src/core/db/index.ts';
import { migrateToLatest } from '../../src/core/db/migrate.ts';
import { testConfig } from '../../src/core/config.ts';
import { prepareDatabase } from '../../src/setup.ts';
import { todayInAmsterdam } from '../../src/features/wizard/today.ts';

/**
 * A fresh database for one test file. TEST_DB=postgres creates a throw-away database on the server
 * named by TEST_DATABASE_URL (dropped on close); otherwise an in-memory PGlite.
 *
 * Migrating and seeding take seconds, and every test file needs a database: they are done once per
 * version of the code and copied from a template (PostgreSQL: CREATE DATABASE … TEMPLATE; PGlite: a
 * dump of its data directory in the temporary folder). `seeded` also holds the reference data and
 * the demo data exactly as prepareDatabase makes them with the tests' configuration.
 */
export async function createTestDatabase(options: { seeded?: boolean } = {}): Promise<Database & { url?: string }> {
  const kind = options.seeded ? 'seeded' : 'migrated';
  if (process.env.TEST_DB === 'postgres') return createPostgres(kind);
  const dump = await pgliteTemplate(kind);
  return openDatabase({ pgliteLoad: dump });
}

type Kind = 'migrated' | 'seeded';

async function build(database: Database, kind: Kind): Promise<void> {
  await migrateToLatest(database.db);
  if (kind === 'seeded') await prepareDatabase(database.db, testConfig({ demoData: true }), pino({ level: 'silent' }));
}

/**
 * Names the code that makes a template: every source file and the reference data, and today's date
 * (the demo data is dated relative to today). A change anywhere makes a new template.
 */
let versionMemo: string | null = null;
function codeVersion(): string {
  if (versionMemo) return versionMemo;
  const root = path.resolve(import.meta.dirname, '../..');
  const hash = crypto.createHash('sha256').update(todayInAmsterdam());
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.endsWith('.test.ts')) hash.update(full).update(fs.readFileSync(full));
    }
  };
  walk(path.join(root, 'src'));
  walk(path.join(root, 'reference-data'));
  versionMemo = hash.digest('hex').slice(0, 16);
  return versionMemo;
}

// ---------------------------------------------------------------- PGlite: a dump file per version

async function pgliteTemplate(kind: Kind): Promise<Blob> {
  const file = path.join(os.tmpdir(), `kansrijk-test-${kind}-${codeVersion()}.tar`);
  const lock = `${file}.lock`;
  for (let attempt = 0; ; attempt++) {
    if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
    let fd: number;
    try {
      fd = fs.openSync(lock, 'wx');
    } catch {
      // Another test process is building it; a lock older than two minutes was left by a killed one.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) fs.rmSync(lock, { force: true });
      if (attempt > 1200) throw new Error(`PGlite test template ${file} not built in time`);
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      const database = await openDatabase({});
      await build(database, kind);
      const dump = await database.dumpDataDir!();
      await database.close();
      // Written under another name and renamed, so that nobody reads half a file.
      fs.writeFileSync(`${file}.part`, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(`${file}.part`, file);
      for (const old of fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`kansrijk-test-${kind}-`) && f.endsWith('.tar') && path.join(os.tmpdir(), f) !== file)) {
        fs.rmSync(path.join(os.tmpdir(), old), { force: true });
      }
      return dump;
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }
}

// ---------------------------------------------------------------- PostgreSQL: a template database per version

async function createPostgres(kind: Kind): Promise<Database & { url: string }> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const template = `kansrijk_tmpl_${kind}_${codeVersion()}`;
  const name = `kansrijk_test_${crypto.randomBytes(6).toString('hex')}`;
  const urlOf = (db: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${db}`;
    return url.toString();
  };
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // One process builds the template; the others wait for the lock and then copy it.
    await admin.query('select pg_advisory_lock(4242099)');
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      const stale = await admin.query(`select datname from pg_database where datname like 'kansrijk_tmpl_${kind}_%'`);
      for (const row of stale.rows as Array<{ datname: string }>) await admin.query(`drop database if exists ${row.datname} with (force)`);
      await admin.query(`drop database if exists ${template}_part with (force)`);
      await admin.query(`create database ${template}_part`);
      const building = await openDatabase({ databaseUrl: urlOf(`${template}_part`), poolSize: 2 });
      await build(building, kind);
      await building.close();
      await admin.query(`alter database ${template}_part rename to ${template}`);
    }
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.query('select pg_advisory_unlock(4242099)').catch(() => undefined);
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: urlOf(name), poolSize: 5 });
  return {
    ...database,
    url: urlOf(name),
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
