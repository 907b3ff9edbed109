/**
 * The one test command (`npm test`). Runs the unit and in-process HTTP tests on PGlite, the same
 * tests on PostgreSQL when a server answers, the browser tests in Debian's Chromium, and last, on
 * their own, the resilience tests (test/resilience/*.resilience.ts: app processes on a private
 * PostgreSQL that is killed and restarted), short unless --full. A suite that cannot run says so
 * plainly; under CI=true a skipped suite is a failure.
 * Options: --only=pglite|postgres|browser|resilience (repeatable), --full (the long resilience
 * run of `npm run test:resilience`), and file-name filters as plain arguments.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findPostgres } from '../test/resilience/postgres.ts';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const only = args.filter((a) => a.startsWith('--only=')).flatMap((a) => a.slice(7).split(','));
const filters = args.filter((a) => !a.startsWith('--'));
const full = args.includes('--full');
const isCI = process.env.CI === 'true' || process.env.CI === '1';
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function find(dirs: string[], suffix: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(suffix)) out.push(path.relative(root, full));
    }
  };
  dirs.forEach((d) => walk(path.join(root, d)));
  return out.sort().filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
}

interface SuiteResult {
  name: string;
  status: 'ran' | 'skipped' | 'empty';
  passed: number;
  failed: number;
  skipped: number;
  exitCode: number;
  note?: string;
  seconds: number;
}

async function runSuite(name: string, files: string[], env: Record<string, string>, concurrency: number): Promise<SuiteResult> {
  const started = Date.now();
  if (files.length === 0) return { name, status: 'empty', passed: 0, failed: 0, skipped: 0, exitCode: 0, note: 'no test files', seconds: 0 };
  const countFile = path.join(os.tmpdir(), `kansrijk-counts-${process.pid}-${name}.json`);
  console.log(`\n=== ${name}: ${files.length} test files ===`);
  const child = spawn(
    process.execPath,
    [
      '--import', 'tsx',
      '--test',
      `--test-concurrency=${concurrency}`,
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      `--test-reporter=${path.join(root, 'scripts/count-reporter.mjs')}`, `--test-reporter-destination=${countFile}`,
      ...files,
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } },
  );
  const exitCode: number = await new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    counts = JSON.parse(fs.readFileSync(countFile, 'utf8'));
    fs.rmSync(countFile);
  } catch {
    counts.failed = 1;
  }
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  return { name, status: 'ran', ...counts, exitCode, seconds: Math.round((Date.now() - started) / 1000) };
}

async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const redacted = pgUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
const unitFiles = find(['src', 'test'], '.test.ts').concat(find(['src', 'test'], '.test.tsx')).sort();
const browserFiles = find(['src', 'test'], '.e2e.ts');
const resilienceFiles = find(['test/resilience'], '.resilience.ts');
const want = (suite: string) => only.length === 0 || only.includes(suite);
const results: SuiteResult[] = [];

if (want('pglite')) results.push(await runSuite('PGlite', unitFiles, { TEST_DB: 'pglite' }, 2));
if (want('postgres')) {
  if (await postgresReachable(pgUrl)) {
    results.push(await runSuite('PostgreSQL', unitFiles, { TEST_DB: 'postgres', TEST_DATABASE_URL: pgUrl }, 2));
  } else {
    const note = `SKIPPED: PostgreSQL suite — no server at ${redacted} (set TEST_DATABASE_URL)`;
    console.log(`\n${note}`);
    results.push({ name: 'PostgreSQL', status: 'skipped', passed: 0, failed: 0, skipped: 0, exitCode: 0, note, seconds: 0 });
  }
}
if (want('browser')) {
  if (fs.existsSync(chromium)) {
    // Two at once: a browser test spends much of its time waiting for Chromium, which runs in its own process.
    results.push(await runSuite('Browser', browserFiles, { TEST_DB: 'pglite', CHROMIUM_PATH: chromium }, 2));
  } else {
    const note = `SKIPPED: browser suite — Debian chromium not found at ${chromium} (apt-get install chromium)`;
    console.log(`\n${note}`);
    results.push({ name: 'Browser', status: 'skipped', passed: 0, failed: 0, skipped: 0, exitCode: 0, note, seconds: 0 });
  }
}
// Last and alone: it runs several app processes and its own PostgreSQL, and must not compete for CPU with the other suites.
if (want('resilience')) {
  const postgres = findPostgres();
  if ('missing' in postgres) {
    const note = `SKIPPED: resilience suite — ${postgres.missing}`;
    console.log(`\n${note}`);
    results.push({ name: 'Resilience', status: 'skipped', passed: 0, failed: 0, skipped: 0, exitCode: 0, note, seconds: 0 });
  } else {
    results.push(await runSuite('Resilience', resilienceFiles, { RESILIENCE_SCALE: full ? 'full' : 'short' }, 1));
  }
}

console.log('\n=== Summary ===');
for (const r of results) {
  const line = r.status === 'ran' ? `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped in ${r.seconds} s` : r.note;
  console.log(`${r.name.padEnd(11)} ${line}`);
}
const skippedSuites = results.filter((r) => r.status === 'skipped');
const failed = results.some((r) => r.exitCode !== 0 || r.failed > 0);
if (isCI && skippedSuites.length > 0) console.log(`FAILED: under CI=true no suite may be skipped (${skippedSuites.map((s) => s.name).join(', ')})`);
const total = results.reduce((acc, r) => ({ passed: acc.passed + r.passed, failed: acc.failed + r.failed, skipped: acc.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(failed || (isCI && skippedSuites.length > 0) ? 1 : 0);
