import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';
import { PGliteDialect } from './pglite-dialect.ts';

export type { DB } from './schema.ts';
export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** true when the database answers a trivial query */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** PGlite only: the whole cluster as a tar file, to start other in-memory databases from */
  dumpDataDir?: () => Promise<Blob>;
}

// One set of type parsers for both engines, so that code never sees a difference:
// int8 (counts) as number, date as 'YYYY-MM-DD' text (no time-zone shifts), numeric as text.
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
const parsers = {
  [INT8]: (v: string) => Number.parseInt(v, 10),
  [DATE]: (v: string) => v,
  [NUMERIC]: (v: string) => v,
};

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** folder for PGlite's files; undefined keeps PGlite in memory */
  pgliteDir?: string | undefined;
  poolSize?: number;
  /** an in-memory PGlite started from a dump (dumpDataDir) instead of an empty cluster: the tests' migrated template */
  pgliteLoad?: Blob | undefined;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPGlite(options.pgliteDir, options.pgliteLoad);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (parsers as Record<number, (v: string) => unknown>)[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser },
  });
  // A database restart kills idle clients; without a listener that would crash the process.
  pool.on('error', () => {});
  // It also kills clients that are checked out (a request between two statements of a
  // transaction, a query in flight). pg emits 'error' on such a client and the pool listens only
  // while a client is idle: without a listener of its own the process would crash. The query in
  // flight fails with the same error, the client is no longer queryable, and the pool discards
  // it on release; the next request gets a new connection.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    ping: () => pingDb(db),
    close: () => db.destroy(),
  };
}

async function openPGlite(dir: string | undefined, load: Blob | undefined): Promise<Database> {
  // Loaded only here: the module alone costs some 40 MB of memory that a process on PostgreSQL never needs.
  const { PGlite } = await import('@electric-sql/pglite');
  // A development database is small: 32 MB of shared buffers instead of PostgreSQL's 128 MB keeps one
  // app process on PGlite within its memory budget (issue 8: below 400 MB resident).
  const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams;
  const tuning = Array.isArray(defaults) ? { startParams: [...defaults, '-c', 'shared_buffers=32MB', '-c', 'wal_buffers=1MB'] } : {};
  if (dir) fs.mkdirSync(path.dirname(dir), { recursive: true });
  if (dir && !fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    // The first start runs initdb, whose memory (some 500 MB) stays held until PGlite is closed: close and open again.
    await (await PGlite.create({ dataDir: dir, parsers })).close();
  }
  const pglite = await PGlite.create(dir ? { dataDir: dir, parsers, ...tuning } : { parsers, ...tuning, ...(load ? { loadDataDir: load } : {}) });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    ping: () => pingDb(db),
    dumpDataDir: () => pglite.dumpDataDir('none'),
    close: () => db.destroy(),
  };
}

/**
 * True for errors that mean "the database cannot be reached right now" (a restart, a fail-over,
 * a dropped connection) rather than "this statement is wrong": PostgreSQL's connection-exception
 * class 08, admin/crash shutdown and "cannot connect now" (57P01–57P03), socket errors, and the
 * messages pg gives a client whose connection ended.
 */
export function isConnectionError(error: unknown): boolean {
  const e = (error ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('08') || ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|not queryable|timeout exceeded when trying to connect|Postgres connection has been discarded/i.test(message);
}

/**
 * Runs `write`, and again while the database cannot be reached (back-off 100 ms … 2 s), for at
 * most `forMs`. For small idempotent writes that record something that already happened outside
 * the database and must not be forgotten when the database restarts at that moment: a job is
 * done, a mail was handed to the mail server. Other errors are thrown at once.
 */
export async function retryWhileUnreachable<T>(write: () => Promise<T>, forMs = 30_000): Promise<T> {
  const until = Date.now() + forMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
    try {
      return await write();
    } catch (error) {
      if (!isConnectionError(error) || Date.now() + delay > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function pingDb(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/**
 * Splits a migration's SQL text into statements, keeping $$-quoted function bodies whole,
 * because PGlite's extended protocol takes one statement at a time.
 */
export function splitStatements(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let inDollar = false;
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (!inQuote && text.startsWith('$$', i)) {
      inDollar = !inDollar;
      current += '$$';
      i++;
      continue;
    }
    if (!inDollar && ch === "'") inQuote = !inQuote;
    if (!inDollar && !inQuote && ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      current += '\n';
      continue;
    }
    if (!inDollar && !inQuote && ch === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

export async function runStatements(db: Kysely<unknown>, text: string): Promise<void> {
  for (const statement of splitStatements(text)) await sql.raw(statement).execute(db);
}
