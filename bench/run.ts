/**
 * npm run bench: measured figures, printed as a table and written as JSON to bench/results/.
 * Ratios against the hello-world ceiling are the headline, because this machine is noisy.
 * Never used as a timed assertion in tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import pg from 'pg';
import { openDatabase } from '../src/core/db/index.ts';
import { testConfig } from '../src/core/config.ts';
import { prepareDatabase } from '../src/setup.ts';
import { catalogueForMunicipality } from '../src/features/catalogue/data.ts';
import { route } from '../src/features/catalogue/routing.ts';
import { seedNationalCatalogue } from './seed-catalogue.ts';
import { freePort } from '../test/support/net.ts';
import { loadSubmissions, prepareDrafts, rawInsertBaseline, verifySubmissions, type SubmitFigure } from './submit.ts';
import { printQueueFigures, runCasesBench } from './cases.ts';
import { printReachFigures, reachSetups, runReachBench } from './reach.ts';

const root = path.resolve(import.meta.dirname, '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
/** Applications submitted per engine: each draft is sent once, so the count bounds the run. */
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 10_000);

interface Figure {
  name: string;
  rps: number;
  /** hello-world req/s measured right before this figure: the machine's speed at that moment */
  ceiling?: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}


/** Starts a server process on a free port and waits until it answers. */
async function start(script: string, env: Record<string, string>, readyPath = '/'): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  child.on('exit', () => (exited = true));
  for (let i = 0; i < 600 && !exited; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}${readyPath}`)).ok) return { child, port };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${script} did not start`);
}

async function load(name: string, url: string | string[]): Promise<Figure> {
  const urls = [url].flat();
  let i = 0;
  const result = await autocannon({
    url: urls[0]!,
    connections: CONNECTIONS,
    duration: DURATION,
    // Rotate over the given URLs, so that the page is measured for several municipalities, not one cached answer.
    requests: urls.length > 1 ? [{ setupRequest: (req) => { const u = new URL(urls[i++ % urls.length]!); return { ...req, path: u.pathname + u.search }; } }] : undefined,
  });
  return { name, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

async function routingMicro(): Promise<{ perQuestionMs: number; provisions: number }> {
  const db = await openDatabase({});
  await prepareDatabase(db.db, testConfig({ demoData: true }), pino({ level: 'silent' }));
  await seedNationalCatalogue(db.db);
  const catalogue = await catalogueForMunicipality(db.db, 'GM0307');
  const n = 5000;
  const started = performance.now();
  for (let k = 0; k < n; k++) route(catalogue, { municipalityCode: 'GM0307', date: '2026-11-24', role: 'parent', children: [{ age: k % 18 }, { age: 9 }], themes: [] });
  const perQuestionMs = (performance.now() - started) / n;
  await db.close();
  return { perQuestionMs, provisions: catalogue.length };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kansrijk-bench-'));
// Seed the national catalogue into the embedded database the app will open.
{
  const db = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
  await prepareDatabase(db.db, testConfig({ demoData: true }), pino({ level: 'silent' }));
  console.log(`bench catalogue: ${await seedNationalCatalogue(db.db)} extra provisions`);
  await db.close();
}
// Drafts to submit, made before the app opens the embedded database (one process owns PGlite's files).
let pgliteTokens: string[];
{
  const db = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
  pgliteTokens = await prepareDrafts(db.db, Math.min(SUBMISSIONS, 3000));
  await db.close();
}
const submitFigures: SubmitFigure[] = [];
const baselines: Record<string, number> = {};

const figures: Figure[] = [];
// The ceiling stays up for the whole run and is measured again right before each figure, because this
// machine's speed drifts by a factor of two within minutes: each ratio compares neighbours in time.
const hello = await start('bench/hello.ts', {});
figures.push(await load('hello-world (Fastify)', `http://127.0.0.1:${hello.port}/`));
async function withCeiling(figure: () => Promise<Figure>): Promise<Figure> {
  const ceiling = await autocannon({ url: `http://127.0.0.1:${hello.port}/`, connections: CONNECTIONS, duration: Math.max(3, Math.round(DURATION / 2)) });
  return { ...(await figure()), ceiling: Math.round(ceiling.requests.average) };
}

const app = await start('src/server.ts', { KANSRIJK_DATA_DIR: dataDir, LOG_LEVEL: 'warn', JOBS_ENABLED: 'false', NODE_ENV: 'development', TRUST_PROXY: 'true' }, '/healthz');
const postcodes = ['3811AB', '3511AB', '1012AB', '9711AA', '6511AA', '5611AA', '8011AA', '2511AA', '3011AA', '7511AA'];
const resultUrls = postcodes.map((pc) => `http://127.0.0.1:${app.port}/wizard/resultaat?postcode=${pc}&rol=ouder&kind=8&kind=14&thema=sport&thema=school&thema=culture`);
figures.push(await withCeiling(() => load('wizard result page, repeated questions (PGlite)', resultUrls)));
// Every question new: more distinct questions than the page cache holds, so each one is routed and rendered.
const fresh = Array.from({ length: 4000 }, (_, k) => `http://127.0.0.1:${app.port}/wizard/resultaat?postcode=${postcodes[k % postcodes.length]}&rol=ouder&kind=${k % 18}&kind=${Math.floor(k / 18) % 18}&thema=sport&thema=school&thema=culture`);
figures.push(await withCeiling(() => load('wizard result page, every question new (PGlite)', fresh)));
figures.push(await withCeiling(() => load('options API (PGlite)', postcodes.map((pc) => `http://127.0.0.1:${app.port}/api/v1/options?postcode=${pc}&age=8&age=14`))));
/**
 * Resident memory after 10,000 and after 100,000 requests of a mix of pages (new questions, repeated
 * ones, the API): a leak shows as growth between the two. Requests are counted, not timed.
 */
async function memorySoak(pid: number, urls: string[]): Promise<{ after10k: number; after100k: number }> {
  const send = async (amount: number) => {
    let i = 0;
    await autocannon({
      url: urls[0]!,
      connections: CONNECTIONS,
      amount,
      requests: [{ setupRequest: (req) => { const u = new URL(urls[i++ % urls.length]!); return { ...req, path: u.pathname + u.search }; } }],
    });
  };
  await send(10_000);
  const after10k = await rssOf(pid);
  await send(90_000);
  return { after10k, after100k: await rssOf(pid) };
}

function rssOf(pid: number): Promise<number> {
  return new Promise<number>((resolve) => {
    const ps = spawn('ps', ['-o', 'rss=', '-p', String(pid)]);
    let out = '';
    ps.stdout.on('data', (d: Buffer) => (out += d.toString()));
    ps.on('exit', () => resolve(Math.round(Number(out.trim()) / 1024)));
  });
}
const soakUrls = [...fresh.slice(0, 2000), ...resultUrls, ...postcodes.map((pc) => `http://127.0.0.1:${app.port}/api/v1/options?postcode=${pc}&age=8&age=14`)];
const memory: Record<string, { after10k: number; after100k: number }> = {};
memory.pglite = await memorySoak(app.child.pid!, soakUrls);
const pgliteSubmit = await loadSubmissions('application submission (PGlite)', `http://127.0.0.1:${app.port}`, pgliteTokens, CONNECTIONS);
const rss = await rssOf(app.child.pid!);
app.child.kill();
await new Promise((r) => app.child.once('exit', r));
{
  const db = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
  const check = await verifySubmissions(db.db, pgliteSubmit.references);
  submitFigures.push({ ...pgliteSubmit.figure, stored: check.stored, complete: check.complete });
  baselines.pglite = (await rawInsertBaseline(db.db, 5, CONNECTIONS)).rps;
  await db.close();
}

// The same on PostgreSQL, when a server answers (TEST_DATABASE_URL or the local default).
const pgAdmin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let pgRss: number | null = null;
try {
  const admin = new pg.Client({ connectionString: pgAdmin, connectionTimeoutMillis: 3000 });
  await admin.connect();
  await admin.query('drop database if exists kansrijk_bench with (force)');
  await admin.query('create database kansrijk_bench');
  await admin.end();
  const url = new URL(pgAdmin);
  url.pathname = '/kansrijk_bench';
  const db = await openDatabase({ databaseUrl: url.toString() });
  await prepareDatabase(db.db, testConfig({ demoData: true }), pino({ level: 'silent' }));
  await seedNationalCatalogue(db.db);
  await db.close();
  const pgTokens = await (async () => {
    const d = await openDatabase({ databaseUrl: url.toString() });
    try {
      return await prepareDrafts(d.db, SUBMISSIONS);
    } finally {
      await d.close();
    }
  })();
  const pgApp = await start('src/server.ts', { DATABASE_URL: url.toString(), LOG_LEVEL: 'warn', JOBS_ENABLED: 'false', NODE_ENV: 'development', TRUST_PROXY: 'true' }, '/healthz');
  const pgUrls = postcodes.map((pc) => `http://127.0.0.1:${pgApp.port}/wizard/resultaat?postcode=${pc}&rol=ouder&kind=8&kind=14&thema=sport&thema=school&thema=culture`);
  figures.push(await withCeiling(() => load('wizard result page, repeated questions (PostgreSQL)', pgUrls)));
  memory.postgres = await memorySoak(pgApp.child.pid!, [...Array.from({ length: 2000 }, (_, k) => `http://127.0.0.1:${pgApp.port}/wizard/resultaat?postcode=${postcodes[k % postcodes.length]}&rol=ouder&kind=${k % 18}&kind=${Math.floor(k / 18) % 18}&thema=sport`), ...pgUrls]);
  const pgSubmit = await loadSubmissions('application submission (PostgreSQL)', `http://127.0.0.1:${pgApp.port}`, pgTokens, CONNECTIONS);
  pgRss = await rssOf(pgApp.child.pid!);
  pgApp.child.kill();
  const check = await openDatabase({ databaseUrl: url.toString() });
  const verified = await verifySubmissions(check.db, pgSubmit.references);
  submitFigures.push({ ...pgSubmit.figure, stored: verified.stored, complete: verified.complete });
  // The same pool size as the app (10 connections), 50 callers: one durable single-row INSERT per call.
  baselines.postgres = (await rawInsertBaseline(check.db, 5, CONNECTIONS)).rps;
  await check.close();
} catch (error) {
  console.log(`PostgreSQL figures skipped: ${(error as Error).message}`);
}

hello.child.kill();
const micro = await routingMicro();
// Server time in-process, so not against the ceiling: the queue with 100,000 cases in one organisation.
/** A part that fails is reported and skipped: the figures measured before it are still printed and written. */
async function part<T>(name: string, run: () => Promise<T[]>): Promise<T[]> {
  try {
    return await run();
  } catch (error) {
    console.log(`${name} skipped: ${(error as Error).stack ?? String(error)}`);
    return [];
  }
}
const queueFigures = process.env.BENCH_SKIP_CASES ? [] : await part('queue benchmark', runCasesBench);
// The reach dashboards over 2 million generated provisions (the longest part: generation and the refresh take minutes).
const reachFigures = process.env.BENCH_SKIP_REACH ? [] : await part('reach benchmark', runReachBench);
const ceiling = figures[0]!.rps;
console.log(`\nKansrijk benchmark — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} — ${CONNECTIONS} connections, ${DURATION} s each\n`);
console.log('| what | req/s | hello-world just before | vs hello-world | p50 ms | p99 ms | errors |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const f of figures) {
  const base = f.ceiling ?? ceiling;
  console.log(`| ${f.name} | ${f.rps} | ${base} | ${((f.rps / base) * 100).toFixed(1)} % | ${f.p50} | ${f.p99} | ${f.errors + f.non2xx} |`);
}
console.log('\n| application submission | applications/s | vs raw INSERT | p50 ms | p99 ms | acknowledged | stored once, complete | errors |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const f of submitFigures) {
  const base = f.name.includes('PGlite') ? baselines.pglite : baselines.postgres;
  console.log(`| ${f.name} | ${f.rps} | ${base ? ((f.rps / base) * 100).toFixed(1) : '–'} % | ${f.p50} | ${f.p99} | ${f.acknowledged} | ${f.complete} | ${f.errors + f.non2xx} |`);
}
console.log(`raw single-row INSERT baseline (same durability, 50 callers): ${baselines.pglite ?? '–'} rows/s PGlite, ${baselines.postgres ?? '–'} rows/s PostgreSQL`);
console.log(`\nrouting function: ${micro.perQuestionMs.toFixed(3)} ms per question (2 children) over ${micro.provisions} provisions in one municipality`);
console.log(`app resident memory after the load: ${rss} MB (PGlite)${pgRss ? `, ${pgRss} MB (PostgreSQL)` : ''}`);
for (const [engine, m] of Object.entries(memory)) {
  const growth = ((m.after100k / m.after10k - 1) * 100).toFixed(1);
  console.log(`resident memory (${engine}): ${m.after10k} MB after 10,000 requests, ${m.after100k} MB after 100,000 (${growth} %)`);
}
if (queueFigures.length > 0) printQueueFigures(queueFigures);
if (reachFigures.length > 0) printReachFigures(reachFigures);

fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const file = path.join(root, 'bench/results', `${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`);
fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version }, connections: CONNECTIONS, durationSeconds: DURATION, figures, submissions: submitFigures, insertBaselines: baselines, routing: micro, rssMb: { pglite: rss, postgres: pgRss }, queue: queueFigures, memorySoak: memory, reach: { figures: reachFigures, setups: reachSetups } }, null, 2));
console.log(`written to ${path.relative(root, file)}`);
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
