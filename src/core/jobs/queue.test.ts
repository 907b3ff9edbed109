import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import pino from 'pino';
import type { AddressInfo } from 'node:net';
import { createTestDatabase } from '../../../test/support/db.ts';
import type { Database } from '../db/index.ts';
import { Worker, enqueue } from './queue.ts';
import { MAIL_QUEUE, createMailSender, queueMail } from '../mail/mailer.ts';
import { testConfig } from '../config.ts';

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());
const log = pino({ level: 'silent' });

test('two workers on one database run every job exactly once', async () => {
  const { db } = database;
  const runs = new Map<number, number>();
  const handler = async (payload: Record<string, unknown>) => {
    const n = Number(payload.n);
    runs.set(n, (runs.get(n) ?? 0) + 1);
    await new Promise((r) => setTimeout(r, 2));
  };
  for (let n = 0; n < 60; n++) await enqueue(db, 'test.count', { n });
  const a = new Worker(db, log).register('test.count', handler);
  const b = new Worker(db, log).register('test.count', handler);
  const [ranA, ranB] = await Promise.all([a.drain(), b.drain()]);
  assert.equal(ranA + ranB, 60);
  assert.equal(runs.size, 60);
  assert.ok([...runs.values()].every((v) => v === 1));
});

test('a job with a unique key is enqueued once', async () => {
  const { db } = database;
  await enqueue(db, 'test.daily', {}, { uniqueKey: 'digest:2026-11-24' });
  await enqueue(db, 'test.daily', {}, { uniqueKey: 'digest:2026-11-24' });
  const rows = await db.selectFrom('jobs').select('id').where('unique_key', '=', 'digest:2026-11-24').execute();
  assert.equal(rows.length, 1);
});

test('a failing job is retried later and gives up after its attempts', async () => {
  const { db } = database;
  await enqueue(db, 'test.fail', {}, { maxAttempts: 2 });
  const w = new Worker(db, log).register('test.fail', async () => {
    throw new Error('smtp down');
  });
  assert.equal(await w.drain(), 1);
  const first = await db.selectFrom('jobs').selectAll().where('queue', '=', 'test.fail').executeTakeFirstOrThrow();
  assert.equal(first.status, 'pending');
  assert.ok(first.run_at.getTime() > Date.now(), 'backs off');
  await db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000) }).where('id', '=', first.id).execute();
  await w.drain();
  const second = await db.selectFrom('jobs').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
  assert.equal(second.status, 'failed');
  assert.equal(second.last_error, 'smtp down');
});

test('queued mail is delivered to a real SMTP server once', async () => {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
      stream.on('end', () => {
        received.push(data);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  try {
    const { db } = database;
    const config = testConfig({ smtpUrl: `smtp://127.0.0.1:${port}` });
    await db.transaction().execute((trx) => queueMail(trx, { to: 'ouder@example.org', subject: 'Uw aanvraag', text: 'Beste ouder, één test met ü en 😀.' }));
    const w = new Worker(db, log).register(MAIL_QUEUE, createMailSender(db, config));
    await w.drain();
    await w.drain();
    assert.equal(received.length, 1);
    assert.match(received[0]!, /Subject: Uw aanvraag/);
    assert.match(received[0]!, /Message-ID: <[0-9a-f-]+@kansrijk>/i);
    const row = await db.selectFrom('outbound_mails').selectAll().where('to_address', '=', 'ouder@example.org').executeTakeFirstOrThrow();
    assert.equal(row.status, 'sent');
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
