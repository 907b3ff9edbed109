/**
 * The reach dashboards at national scale: two million provisions for one million children over
 * five years in every municipality, then the server time of one municipality's dashboard (target
 * below 100 ms) and of the national view (target below 300 ms), measured in-process (app.inject,
 * no network) on PostgreSQL. The dashboards only read the materialised, already-suppressed tables
 * (reach_cells and friends), which refreshReach rebuilds: nightly through the job scheduler and on
 * demand from the national office's page. The time that refresh takes at this size is reported
 * too, because it is what keeps the pages fast.
 * Run alone with `npx tsx bench/reach.ts`, or as part of `npm run bench`.
 * BENCH_REACH_CHILDREN / BENCH_REACH_PROVISIONS make a quicker run; BENCH_REACH_PGLITE=1 adds a
 * smaller run on PGlite (BENCH_REACH_PGLITE_CHILDREN / _PROVISIONS, 50,000 / 100,000 by default);
 * BENCH_REACH_TRIGGERS=1 generates through the triggers and foreign-key checks (see benchOn).
 */
import pino from 'pino';
import pg from 'pg';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database, type Db } from '../src/core/db/index.ts';
import { testConfig } from '../src/core/config.ts';
import { prepareDatabase } from '../src/setup.ts';
import { buildApp } from '../src/app.ts';
import { SESSION_COOKIE, createSession } from '../src/core/auth/sessions.ts';
import { periodOf } from '../src/features/reach/domain.ts';
import { generateHistory } from '../src/features/reach/generate.ts';
import { refreshReach } from '../src/features/reach/refresh.ts';
import { seedNationalCatalogue } from './seed-catalogue.ts';

export const REACH_CHILDREN = Number(process.env.BENCH_REACH_CHILDREN ?? 1_000_000);
export const REACH_PROVISIONS = Number(process.env.BENCH_REACH_PROVISIONS ?? 2_000_000);
const PGLITE_CHILDREN = Number(process.env.BENCH_REACH_PGLITE_CHILDREN ?? 50_000);
const PGLITE_PROVISIONS = Number(process.env.BENCH_REACH_PGLITE_PROVISIONS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_REACH_SAMPLES ?? 200);
const WARM_UP = 20;
const MUNICIPALITY = 'GM0307';
const BASE = '/beheer/bereik';

export interface ReachFigure {
  name: string;
  engine: 'PGlite' | 'PostgreSQL';
  children: number;
  provisions: number;
  /** the very first request: cold database pages and charts not yet in the SVG cache */
  first: number;
  p50: number;
  p95: number;
  p99: number;
  /** the issue's target for this page, judged on p95; null where the issue sets none */
  targetMs: number | null;
  kb: number;
}

/** What it took to get there, per engine: kept apart from the page figures, printed after them. */
export interface ReachSetup {
  engine: ReachFigure['engine'];
  children: number;
  provisions: number;
  items: number;
  generateMs: number;
  refreshMs: number;
  refreshSteps: Record<string, number>;
  cells: number;
  suppressed: number;
  databaseMb: number | null;
  rows: Record<string, number>;
}
export const reachSetups: ReachSetup[] = [];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (v: number) => Math.round(v * 10) / 10;

interface Probe {
  name: string;
  cookie: string;
  /** one URL, or several to rotate over (so that no two requests share a cached chart) */
  urls: string[];
  kind: 'page' | 'csv';
  targetMs: number | null;
}

async function measure(app: FastifyInstance, probe: Probe, setup: { engine: ReachFigure['engine']; children: number; provisions: number }, samples: number): Promise<ReachFigure> {
  let i = 0;
  const get = async () => {
    const url = probe.urls[i++ % probe.urls.length]!;
    const res = await app.inject({ method: 'GET', url, headers: { cookie: probe.cookie } });
    // Every answer is checked, not only the first: a 404 or an empty page is fast and would flatter the figures.
    if (res.statusCode !== 200) throw new Error(`${url} gave ${res.statusCode}`);
    if (probe.kind === 'page' && !res.body.includes('<svg')) throw new Error(`${url} has no chart`);
    if (probe.kind === 'csv' && !String(res.headers['content-type']).startsWith('text/csv')) throw new Error(`${url} is not CSV`);
    return res;
  };
  const started = performance.now();
  const first = await get();
  const firstMs = performance.now() - started;
  for (let k = 0; k < WARM_UP; k++) await get();
  const times: number[] = [];
  for (let k = 0; k < samples; k++) {
    const t0 = performance.now();
    await get();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    name: probe.name,
    ...setup,
    first: round(firstMs),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    targetMs: probe.targetMs,
    kb: Math.round(first.body.length / 1024),
  };
}

/**
 * Every active municipality must have organisations with published provisions, or generateHistory
 * leaves it out. The demo's two national funds cover all of them already; this makes sure of it
 * (the demo accounts may change), and the bench catalogue adds one provincial fund per province,
 * so that a municipality has three or more organisations, as in the country.
 */
async function coverAllMunicipalities(db: Db): Promise<void> {
  const national = await db.selectFrom('organisations').select('id').where('name', 'in', ['Nationaal Fonds Kinderhulp', 'Stichting Jarige Job']).execute();
  if (national.length === 0) throw new Error('the national demo organisations are missing');
  for (const org of national) {
    await sql`
      insert into organisation_municipalities (organisation_id, municipality_code)
      select ${org.id}, code from municipalities m
      where m.active and not exists (select 1 from organisation_municipalities om where om.organisation_id = ${org.id} and om.municipality_code = m.code)`.execute(db);
  }
  await seedNationalCatalogue(db);
}

/**
 * bulkUrl: a connection for the generation with session_replication_role = replica. Through the
 * triggers, two million rows take over half an hour on a small machine: every row's foreign keys are
 * checked one by one, and the queue's statement triggers (kr_case_items_summary,
 * kr_case_children_search) rewrite all two million cases twice. The rows are consistent by
 * construction, and the reach refresh and dashboards never read what those triggers keep (the
 * cases' item_statuses, themes and search_text stay at their defaults), so the bench skips them.
 */
async function benchOn(database: Database, engine: ReachFigure['engine'], children: number, provisions: number, bulkUrl: string | null): Promise<ReachFigure[]> {
  const { db } = database;
  const config = testConfig({ demoData: true });
  await prepareDatabase(db, config, pino({ level: 'silent' }));
  await coverAllMunicipalities(db);

  // Children are spread like addresses are: Amsterdam gets far more than Schiermonnikoog, which is
  // what makes the per-municipality figures (and their suppression) look like the real ones.
  const municipalities = await sql<{ code: string; addresses: number }>`
    select m.code, coalesce(sum(p.address_count * p.share::numeric), 0)::float8 as addresses
    from municipalities m left join postcode_areas p on p.municipality_code = m.code
    where m.active group by m.code order by m.code`.execute(db);
  const codes = municipalities.rows.map((m) => m.code);
  const weights = municipalities.rows.map((m) => Math.max(1, Number(m.addresses)));
  const current = periodOf(new Date()).year;
  const years = [current - 5, current - 4, current - 3, current - 2, current - 1];

  let started = performance.now();
  const options = { children, provisions, years, municipalities: codes, weights, label: 'bench', referralShare: 0.03, referenceOffset: 0x10000000 };
  let generated: { items: number; children: number };
  if (bulkUrl) {
    const bulk = await openDatabase({ databaseUrl: bulkUrl, poolSize: 1 });
    try {
      generated = await generateHistory(bulk.db, options);
    } finally {
      await bulk.close();
    }
  } else {
    generated = await generateHistory(db, options);
  }
  const generateMs = Math.round(performance.now() - started);
  console.log(`${engine}: ${generated.items.toLocaleString('en')} provisions for ${generated.children.toLocaleString('en')} children in ${codes.length} municipalities, ${years[0]}–${years.at(-1)}, generated in ${(generateMs / 1000).toFixed(1)} s${bulkUrl ? ' (bulk load: no triggers, no foreign-key checks)' : ''}`);
  // Statistics as autovacuum would have them in a database that grew over five years, not as a bulk load leaves them.
  await sql`analyze`.execute(db);

  started = performance.now();
  const refresh = await refreshReach(db, { years: 'all' });
  const refreshMs = Math.round(performance.now() - started);
  console.log(`${engine}: refresh of all years (${refresh.years.join(', ')}) in ${(refreshMs / 1000).toFixed(1)} s: ${refresh.cells.toLocaleString('en')} cells, ${refresh.suppressed.toLocaleString('en')} suppressed; steps ms ${JSON.stringify(refresh.stepsMs)}`);
  // The refresh replaced every row; autovacuum analyses them within a minute or so, do it now.
  await sql`analyze reach_cells, reach_overlaps, reach_referrals, reach_demand`.execute(db);

  const rows: Record<string, number> = {};
  for (const table of ['case_items', 'cases', 'reach_cells', 'reach_overlaps', 'reach_referrals', 'reach_demand']) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
    rows[table] = r.rows[0]!.n;
  }
  let databaseMb: number | null = null;
  if (engine === 'PostgreSQL') {
    const size = await sql<{ bytes: string }>`select pg_database_size(current_database())::text as bytes`.execute(db);
    databaseMb = Math.round(Number(size.rows[0]!.bytes) / 2 ** 20);
  }
  console.log(`${engine}: database ${databaseMb ?? '–'} MB; rows ${Object.entries(rows).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ')}`);
  reachSetups.push({ engine, children, provisions, items: generated.items, generateMs, refreshMs, refreshSteps: refresh.stepsMs, cells: refresh.cells, suppressed: refresh.suppressed, databaseMb, rows });

  const app = await buildApp({ config, database, logger: pino({ level: 'silent' }) });
  await app.ready();
  const sessionFor = async (email: string) => {
    const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const session = await createSession(db, user.id, 'full', { ip: '127.0.0.1', userAgent: 'bench' });
    return `${SESSION_COOKIE}=${session.token}`;
  };
  const admin = await sessionFor('beheerder@kansrijk.demo');
  const officer = await sessionFor('beleid@amersfoort.demo');
  const kinderhulp = await db.selectFrom('organisations').select('id').where('name', '=', 'Nationaal Fonds Kinderhulp').executeTakeFirstOrThrow();
  const leergeld = await db.selectFrom('organisations').select('id').where('name', '=', 'Stichting Leergeld Eemland').executeTakeFirstOrThrow();
  // The last full year: the newest year in the figures holds only decisions spilling over from December.
  const year = current - 1;
  const setup = { engine, children, provisions };
  const samples = engine === 'PGlite' ? Math.min(SAMPLES, 100) : SAMPLES;
  const probes: Probe[] = [
    { name: `municipality dashboard ${MUNICIPALITY}, default (officer)`, cookie: officer, urls: [`${BASE}/gemeente/${MUNICIPALITY}`], kind: 'page', targetMs: 100 },
    { name: `municipality dashboard ${MUNICIPALITY}, ${year}, theme sport (officer)`, cookie: officer, urls: [`${BASE}/gemeente/${MUNICIPALITY}?jaar=${year}&filter=h:sport`], kind: 'page', targetMs: 100 },
    { name: `municipality dashboard ${MUNICIPALITY}, ${year}, one organisation, March`, cookie: officer, urls: [`${BASE}/gemeente/${MUNICIPALITY}?jaar=${year}&maand=3&filter=o:${leergeld.id}`], kind: 'page', targetMs: 100 },
    // Each of the 342 municipalities once: the chart cache (200 SVGs) cannot help, as after a refresh.
    { name: 'municipality dashboard, every municipality in turn (charts drawn)', cookie: admin, urls: codes.map((c) => `${BASE}/gemeente/${c}?jaar=${year}`), kind: 'page', targetMs: 100 },
    { name: `municipality CSV ${MUNICIPALITY}, organisations table`, cookie: officer, urls: [`${BASE}/gemeente/${MUNICIPALITY}/csv?jaar=${year}&tabel=organisaties`], kind: 'csv', targetMs: 100 },
    { name: 'national view, default', cookie: admin, urls: [`${BASE}/landelijk`], kind: 'page', targetMs: 300 },
    { name: `national view, ${year}, age band 4-11`, cookie: admin, urls: [`${BASE}/landelijk?jaar=${year}&filter=a:4-11`], kind: 'page', targetMs: 300 },
    { name: 'national view, every year and filter in turn', cookie: admin, urls: years.flatMap((y) => ['', '&filter=h:sport', '&filter=h:school', '&filter=a:0-3', '&filter=a:12-17', `&filter=o:${kinderhulp.id}`].map((f) => `${BASE}/landelijk?jaar=${y}${f}`)), kind: 'page', targetMs: 300 },
    { name: 'national CSV, municipalities table', cookie: admin, urls: [`${BASE}/landelijk/csv?jaar=${year}&tabel=gemeenten`], kind: 'csv', targetMs: 300 },
    { name: 'organisation view, Nationaal Fonds Kinderhulp, all municipalities', cookie: admin, urls: [`${BASE}/organisatie/${kinderhulp.id}?jaar=${year}`], kind: 'page', targetMs: null },
    { name: `organisation view, Nationaal Fonds Kinderhulp in ${MUNICIPALITY}`, cookie: admin, urls: [`${BASE}/organisatie/${kinderhulp.id}?jaar=${year}&gemeente=${MUNICIPALITY}`], kind: 'page', targetMs: null },
  ];
  const figures: ReachFigure[] = [];
  try {
    for (const probe of probes) figures.push(await measure(app, probe, setup, samples));
  } finally {
    await app.close();
  }
  return figures;
}

export async function runReachBench(): Promise<ReachFigure[]> {
  const figures: ReachFigure[] = [];
  // PGlite is single-threaded and in memory: two million provisions would take long and most of the
  // machine's memory, so it only runs when asked, at a smaller size.
  if (process.env.BENCH_REACH_PGLITE === '1') {
    const pglite = await openDatabase({});
    try {
      figures.push(...(await benchOn(pglite, 'PGlite', PGLITE_CHILDREN, PGLITE_PROVISIONS, null)));
    } finally {
      await pglite.close();
    }
  }
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let postgres: Database | null = null;
  let bulkUrl: string | null = null;
  try {
    const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
    await admin.connect();
    await admin.query('drop database if exists kansrijk_bench_reach with (force)');
    await admin.query('create database kansrijk_bench_reach');
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = '/kansrijk_bench_reach';
    postgres = await openDatabase({ databaseUrl: url.toString() });
    if (process.env.BENCH_REACH_TRIGGERS !== '1') {
      url.searchParams.set('options', '-c session_replication_role=replica');
      bulkUrl = url.toString();
    }
  } catch (error) {
    console.log(`PostgreSQL reach figures skipped: ${(error as Error).message}`);
  }
  if (postgres) {
    // Unlike a missing server, a failure during the run is a finding, not a reason to skip quietly.
    try {
      figures.push(...(await benchOn(postgres, 'PostgreSQL', REACH_CHILDREN, REACH_PROVISIONS, bulkUrl)));
    } finally {
      await postgres.close();
    }
  }
  return figures;
}

export function printReachFigures(figures: ReachFigure[]): void {
  const verdict = (f: ReachFigure) => (f.targetMs === null ? '–' : f.p95 < f.targetMs ? `< ${f.targetMs}: met` : `< ${f.targetMs}: MISSED`);
  console.log('\n| reach dashboards (server time, in-process) | engine | provisions / children | KB | first ms | p50 ms | p95 ms | p99 ms | target (p95) |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const f of figures) {
    console.log(`| ${f.name} | ${f.engine} | ${f.provisions.toLocaleString('en')} / ${f.children.toLocaleString('en')} | ${f.kb} | ${f.first} | ${f.p50} | ${f.p95} | ${f.p99} | ${verdict(f)} |`);
  }
  for (const s of reachSetups) {
    console.log(
      `${s.engine}: ${s.items.toLocaleString('en')} provisions generated in ${(s.generateMs / 1000).toFixed(1)} s; ` +
        `refresh of the materialised figures in ${(s.refreshMs / 1000).toFixed(1)} s (${Object.entries(s.refreshSteps).map(([k, v]) => `${k} ${v} ms`).join(', ')}), ` +
        `${s.cells.toLocaleString('en')} cells, ${s.suppressed.toLocaleString('en')} suppressed; database ${s.databaseMb ?? '–'} MB; ` +
        Object.entries(s.rows).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', '),
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printReachFigures(await runReachBench());
  process.exit(0);
}
