import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import pino from 'pino';
import { createTestDatabase } from './support/db.ts';
import type { Database } from '../src/core/db/index.ts';
import { testConfig } from '../src/core/config.ts';
import { prepareDatabase } from '../src/setup.ts';
import { queueMail } from '../src/core/mail/mailer.ts';
import { freePort } from './support/net.ts';

/**
 * Several app processes on one PostgreSQL, as in production behind a load balancer: both serve,
 * a killed one does not take the service down, queued mail goes out exactly once, and SIGTERM
 * lets requests in flight finish. Bounded: a few hundred requests on loopback, under a minute.
 */
const skip = process.env.TEST_DB !== 'postgres' ? 'runs in the PostgreSQL suite (several processes need a shared server)' : false;
const root = path.resolve(import.meta.dirname, '..');

let database: Database & { url?: string };
let databaseUrl: string;
const received: string[] = [];
let smtp: SMTPServer;
let smtpPort: number;


async function startApp(): Promise<{ child: ChildProcess; port: number; exit: Promise<number | null> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, LOG_LEVEL: 'warn', NODE_ENV: 'development', DEMO_DATA: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return { child, port, exit };
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('app process did not start');
}

before(async () => {
  if (skip) return;
  database = await createTestDatabase();
  // createTestDatabase gives a fresh database; its URL is what the processes share.
  databaseUrl = database.url ?? '';
  const cfg = testConfig({ demoData: true });
  await prepareDatabase(database.db, cfg, pino({ level: 'silent' }));
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _s, cb) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString()));
      stream.on('end', () => {
        received.push(data);
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as net.AddressInfo).port;
});

after(async () => {
  if (skip) return;
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await database.close();
});

test('two app processes share one database: both serve, mail goes out once, a killed process leaves the other serving, SIGTERM drains', { skip, timeout: 90_000 }, async () => {
  assert.ok(databaseUrl, 'test database URL');
  const [a, b] = await Promise.all([startApp(), startApp()]);
  try {
    // Mail queued once is delivered once, whichever process picks it up.
    for (let i = 0; i < 20; i++) await queueMail(database.db, { to: `ouder${i}@example.org`, subject: `Bericht ${i}`, text: 'Test' });
    // Only this test's mails: the processes' daily jobs may mail too (the demo data has an overdue case for the digest).
    const ours = () => received.map((m) => /Subject: (.*)/.exec(m)?.[1]?.trim()).filter((s) => s !== undefined && /^Bericht \d+$/.test(s));
    for (let i = 0; i < 100 && ours().length < 20; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    const subjects = ours();
    assert.equal(subjects.length, 20, 'every mail delivered');
    assert.equal(new Set(subjects).size, 20, 'none twice');

    // Both serve the same answers.
    const url = (port: number) => `http://127.0.0.1:${port}/api/v1/options?postcode=3811AB&age=8`;
    const [ra, rb] = await Promise.all([fetch(url(a.port)).then((r) => r.json()), fetch(url(b.port)).then((r) => r.json())]);
    assert.deepEqual(ra, rb);

    // A process killed mid-stream does not take the service down.
    const stream: Array<Promise<number>> = [];
    for (let i = 0; i < 200; i++) {
      if (i === 100) a.child.kill('SIGKILL');
      stream.push(fetch(url(b.port)).then((r) => r.status, () => 0));
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    const statuses = await Promise.all(stream);
    assert.ok(statuses.every((s) => s === 200), `the surviving process answered every request: ${statuses.filter((s) => s !== 200).length} failed`);

    // SIGTERM: requests already accepted are answered, then the process exits cleanly.
    const agent = await Promise.all(Array.from({ length: 20 }, () => fetch(url(b.port)).then((r) => r.status)));
    assert.ok(agent.every((s) => s === 200));
    const inFlight = Array.from({ length: 20 }, () => fetch(`http://127.0.0.1:${b.port}/wizard/resultaat?postcode=3811AB&rol=ouder&kind=${Math.floor(Math.random() * 18)}`).then((r) => r.status, () => 0));
    await new Promise((r) => setTimeout(r, 20));
    b.child.kill('SIGTERM');
    const drained = await Promise.all(inFlight);
    assert.equal(await b.exit, 0, 'clean exit after SIGTERM');
    assert.ok(drained.filter((s) => s === 200).length >= 1 && drained.every((s) => s === 200 || s === 0), `in-flight requests answered or refused before acceptance, never cut: ${drained.join(',')}`);
  } finally {
    a.child.kill('SIGKILL');
    b.child.kill('SIGKILL');
  }
});
