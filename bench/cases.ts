/**
 * The back office's queue with 100,000 cases in one organisation: server time of the first page,
 * a filtered page, a page deep into the queue (keyset paging) and a name search, measured
 * in-process (app.inject, no network) on PGlite and, when a server answers, on PostgreSQL.
 * Run alone with `npx tsx bench/cases.ts`, or as part of `npm run bench`.
 */
import pino from 'pino';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '../src/core/db/index.ts';
import { testConfig } from '../src/core/config.ts';
import { prepareDatabase } from '../src/setup.ts';
import { buildApp } from '../src/app.ts';
import { SESSION_COOKIE, createSession } from '../src/core/auth/sessions.ts';
import { fillCases } from '../test/support/cases.ts';

export const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const SAMPLES = Number(process.env.BENCH_QUEUE_SAMPLES ?? 300);

export interface QueueFigure {
  name: string;
  engine: 'PGlite' | 'PostgreSQL';
  cases: number;
  p50: number;
  p95: number;
  p99: number;
  rows: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(app: FastifyInstance, cookie: string, name: string, url: string, engine: QueueFigure['engine']): Promise<QueueFigure> {
  const get = () => app.inject({ method: 'GET', url, headers: { cookie } });
  const first = await get();
  if (first.statusCode !== 200) throw new Error(`${url} gave ${first.statusCode}`);
  const rows = (first.body.match(/<tr class="utrecht-table__row">/g) ?? []).length - 1;
  for (let i = 0; i < 30; i++) await get();
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await get();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return { name, engine, cases: CASES, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), p99: round(percentile(times, 99)), rows };
}

async function benchOn(database: Database, engine: QueueFigure['engine']): Promise<QueueFigure[]> {
  const { db } = database;
  const config = testConfig({ demoData: true });
  await prepareDatabase(db, config, pino({ level: 'silent' }));
  const org = await db.selectFrom('organisations').select('id').where('name', '=', 'Stichting Leergeld Eemland').executeTakeFirstOrThrow();
  const provisions = await db.selectFrom('provisions').select(['id', 'version', 'theme']).where('organisation_id', '=', org.id).where('status', '=', 'published').execute();
  const staff = await db.selectFrom('users').select(['id', 'role']).where('organisation_id', '=', org.id).where('role', 'in', ['coordinator', 'case_handler', 'volunteer']).execute();
  const started = performance.now();
  await fillCases(db, { organisationId: org.id, count: CASES, municipalities: ['GM0307', 'GM0327', 'GM0342'], provisions, assignees: staff.map((s) => s.id) });
  console.log(`${engine}: ${CASES} cases made in ${Math.round(performance.now() - started)} ms`);

  const app = await buildApp({ config, database, logger: pino({ level: 'silent' }) });
  await app.ready();
  const coordinator = staff.find((s) => s.role === 'coordinator')!;
  const session = await createSession(db, coordinator.id, 'full', { ip: '127.0.0.1', userAgent: 'bench' });
  const cookie = `${SESSION_COOKIE}=${session.token}`;
  // Twenty pages deep by following "next", as a person paging through would.
  let deep = '/beheer/aanvragen?status=all';
  for (let i = 0; i < 20; i++) {
    const page = await app.inject({ method: 'GET', url: deep, headers: { cookie } });
    const next = /rel="next" href="([^"]+)"/.exec(page.body)?.[1];
    if (!next) break;
    deep = next.replace(/&amp;/g, '&');
  }
  const figures = [
    await measure(app, cookie, 'queue, first page (open cases, most urgent first)', '/beheer/aanvragen', engine),
    await measure(app, cookie, 'queue, filtered page (new, Leusden, sport)', '/beheer/aanvragen?status=received&gemeente=GM0327&thema=sport', engine),
    await measure(app, cookie, 'queue, overdue and assigned to me', `/beheer/aanvragen?te-laat=1&behandelaar=ik`, engine),
    await measure(app, cookie, 'queue, page 21 of all cases (keyset)', deep, engine),
    await measure(app, cookie, 'queue, search by a child\'s name', '/beheer/aanvragen?status=all&zoek=Yara%20Kaya', engine),
  ];
  await app.close();
  return figures;
}

export async function runCasesBench(): Promise<QueueFigure[]> {
  const figures: QueueFigure[] = [];
  const pglite = await openDatabase({});
  try {
    figures.push(...(await benchOn(pglite, 'PGlite')));
  } finally {
    await pglite.close();
  }
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  try {
    const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
    await admin.connect();
    await admin.query('drop database if exists kansrijk_bench_cases with (force)');
    await admin.query('create database kansrijk_bench_cases');
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = '/kansrijk_bench_cases';
    const postgres = await openDatabase({ databaseUrl: url.toString() });
    try {
      figures.push(...(await benchOn(postgres, 'PostgreSQL')));
    } finally {
      await postgres.close();
    }
  } catch (error) {
    console.log(`PostgreSQL queue figures skipped: ${(error as Error).message}`);
  }
  return figures;
}

export function printQueueFigures(figures: QueueFigure[]): void {
  console.log(`\n| back-office queue, ${CASES.toLocaleString('en')} cases in one organisation (server time, in-process) | engine | rows | p50 ms | p95 ms | p99 ms |`);
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const f of figures) console.log(`| ${f.name} | ${f.engine} | ${f.rows} | ${f.p50} | ${f.p95} | ${f.p99} |`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printQueueFigures(await runCasesBench());
  process.exit(0);
}
