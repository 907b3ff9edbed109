import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Client, createTestApp, demoUser, type TestApp } from '../../../test/support/app.ts';
import { currentTotp } from '../../core/auth/totp.ts';
import { MAX_FAILURES_PER_ACCOUNT } from '../../core/auth/throttle.ts';
import { DEMO_PASSWORD } from '../demo/accounts.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const handler = demoUser('case_handler');

test('password and second factor lead into the staff area', async () => {
  const c = new Client(t.app);
  const page = await c.get('/account');
  assert.equal(page.statusCode, 303);
  assert.equal(page.headers.location, '/inloggen?terug=%2Faccount');
  await c.get('/inloggen?terug=%2Faccount');
  const first = await c.post('/inloggen?terug=%2Faccount', { email: handler.email.toUpperCase(), password: DEMO_PASSWORD });
  assert.equal(first.statusCode, 303);
  assert.match(String(first.headers.location), /^\/inloggen\/code/);
  // Between the two steps the staff area stays closed.
  assert.equal((await c.get('/account')).statusCode, 303);
  await c.get(String(first.headers.location));
  const second = await c.post('/inloggen/code?terug=%2Faccount', { code: currentTotp(handler.totpSecret) });
  assert.equal(second.statusCode, 303);
  assert.equal(second.headers.location, '/account');
  const account = await c.get('/account');
  assert.equal(account.statusCode, 200);
  assert.match(account.body, /Youssef El Amrani/);
  const cookie = account.cookies.find((x) => x.name === 'kr_session');
  assert.equal(cookie, undefined, 'no new cookie on an ordinary page');
  const setCookie = [second.headers['set-cookie']].flat().join(';');
  assert.match(setCookie, /kr_session=.*HttpOnly/i);
  assert.match(setCookie, /Secure/i);
  assert.match(setCookie, /SameSite=Lax/i);
});

test('a wrong password gets one clear Dutch message, and the account is throttled after repeated failures', async () => {
  const c = new Client(t.app);
  const user = demoUser('finance');
  await c.get('/inloggen');
  const bad = await c.post('/inloggen', { email: user.email, password: 'niet-het-goede-wachtwoord' });
  assert.equal(bad.statusCode, 401);
  assert.match(bad.body, /Het e-mailadres of het wachtwoord klopt niet/);
  assert.match(bad.body, /href="#field-email"/, 'error summary links to the field');
  assert.match(bad.body, /aria-invalid="true"/);
  for (let i = 1; i < MAX_FAILURES_PER_ACCOUNT; i++) await c.post('/inloggen', { email: user.email, password: 'nog-steeds-fout-123' });
  const locked = await c.post('/inloggen', { email: user.email, password: DEMO_PASSWORD });
  assert.equal(locked.statusCode, 429);
  assert.match(locked.body, /Probeer het over \d+ minuten opnieuw/);
  // Another account from another address is not affected.
  const other = new Client(t.app);
  await other.login(demoUser('read_only').email);
});

test('empty and malformed login input is explained next to the fields', async () => {
  const c = new Client(t.app);
  await c.get('/inloggen');
  const res = await c.post('/inloggen', { email: 'geen-adres', password: '' });
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /Vul een geldig e-mailadres in/);
  assert.match(res.body, /Vul uw wachtwoord in/);
  assert.match(res.body, /value="geen-adres"/, 'what was typed is kept');
});

test('a wrong code is refused; a recovery code works exactly once', async () => {
  const user = demoUser('volunteer');
  const { db } = t.database;
  const row = await db.selectFrom('users').select('id').where('email', '=', user.email).executeTakeFirstOrThrow();
  const { replaceRecoveryCodes } = await import('./data.ts');
  const [code] = await replaceRecoveryCodes(db, row.id);
  const c = new Client(t.app);
  await c.get('/inloggen');
  await c.post('/inloggen', { email: user.email, password: DEMO_PASSWORD });
  await c.get('/inloggen/code');
  const wrong = await c.post('/inloggen/code', { code: '000000' });
  assert.equal(wrong.statusCode, 401);
  assert.match(wrong.body, /Deze code klopt niet/);
  const ok = await c.post('/inloggen/code', { code: code!.toLowerCase() });
  assert.equal(ok.statusCode, 303);
  const again = new Client(t.app);
  await again.get('/inloggen');
  await again.post('/inloggen', { email: user.email, password: DEMO_PASSWORD });
  await again.get('/inloggen/code');
  assert.equal((await again.post('/inloggen/code', { code: code! })).statusCode, 401);
});

test('sessions end after 30 idle minutes and after 12 hours, and on logout', async () => {
  const { db } = t.database;
  const c = new Client(t.app);
  await c.login(demoUser('coordinator').email);
  assert.equal((await c.get('/account')).statusCode, 200);
  const userId = (await db.selectFrom('users').select('id').where('email', '=', demoUser('coordinator').email).executeTakeFirstOrThrow()).id;

  await db.updateTable('sessions').set({ last_seen_at: sql<Date>`now() - interval '31 minutes'` }).where('user_id', '=', userId).execute();
  assert.equal((await c.get('/account')).statusCode, 303, 'idle timeout');

  await c.login(demoUser('coordinator').email);
  await db.updateTable('sessions').set({ expires_at: sql<Date>`now() - interval '1 second'` }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  assert.equal((await c.get('/account')).statusCode, 303, 'absolute timeout');

  await c.login(demoUser('coordinator').email);
  await c.get('/account');
  const stolen = new Map(c.cookies);
  const out = await c.post('/uitloggen');
  assert.equal(out.statusCode, 303);
  const replay = new Client(t.app);
  for (const [k, v] of stolen) replay.cookies.set(k, v);
  assert.equal((await replay.get('/account')).statusCode, 303, 'a logged-out cookie opens nothing');
});

test('log out everywhere ends the other sessions but keeps this one', async () => {
  const user = demoUser('municipality_officer');
  const a = new Client(t.app);
  const b = new Client(t.app);
  await a.login(user.email);
  await b.login(user.email);
  await a.get('/account');
  const res = await a.post('/account/uitloggen-overal');
  assert.equal(res.statusCode, 303);
  assert.equal((await a.get('/account')).statusCode, 200);
  assert.equal((await b.get('/account')).statusCode, 303);
});

test('password reset: one mail, a single-use link, all sessions revoked', async () => {
  const { db } = t.database;
  const user = demoUser('read_only');
  const session = new Client(t.app);
  await session.login(user.email);

  const c = new Client(t.app);
  await c.get('/wachtwoord-vergeten');
  const unknown = await c.post('/wachtwoord-vergeten', { email: 'onbekend@example.org' });
  const known = await c.post('/wachtwoord-vergeten', { email: user.email });
  assert.equal(unknown.headers.location, known.headers.location, 'same answer for known and unknown addresses');
  const mail = await db.selectFrom('outbound_mails').selectAll().where('to_address', '=', user.email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  assert.equal((await db.selectFrom('outbound_mails').select('id').where('to_address', '=', 'onbekend@example.org').execute()).length, 0);
  const link = /\/wachtwoord-herstellen\/[A-Za-z0-9_-]+/.exec(mail.text_body)![0];

  assert.equal((await c.get(link)).statusCode, 200);
  const weak = await c.post(link, { password: 'kort', confirm: 'kort' });
  assert.equal(weak.statusCode, 400);
  assert.match(weak.body, /te kort/);
  const mismatch = await c.post(link, { password: 'een lange nieuwe zin 42', confirm: 'een andere zin 42' });
  assert.match(mismatch.body, /niet hetzelfde/);
  const done = await c.post(link, { password: 'een lange nieuwe zin 42', confirm: 'een lange nieuwe zin 42' });
  assert.equal(done.statusCode, 303);
  assert.equal((await c.get(link)).statusCode, 410, 'the link works once');
  assert.equal((await session.get('/account')).statusCode, 303, 'existing sessions were revoked');
  const fresh = new Client(t.app);
  await fresh.login(user.email, 'een lange nieuwe zin 42');
  assert.equal((await fresh.get('/account')).statusCode, 200);
});

test('an expired reset link is refused', async () => {
  const { db } = t.database;
  const user = demoUser('finance');
  const row = await db.selectFrom('users').select('id').where('email', '=', user.email).executeTakeFirstOrThrow();
  const { issueToken } = await import('./data.ts');
  const token = await issueToken(db, row.id, 'password_reset');
  await db.updateTable('auth_tokens').set({ expires_at: sql<Date>`now() - interval '1 minute'` }).where('user_id', '=', row.id).execute();
  const c = new Client(t.app);
  const res = await c.get(`/wachtwoord-herstellen/${token}`);
  assert.equal(res.statusCode, 410);
  assert.match(res.body, /Deze link werkt niet meer/);
});

test('logins are written to the audit log', async () => {
  const rows = await t.database.db.selectFrom('audit_log').select(['action']).where('action', 'in', ['auth.login', 'auth.login_failed', 'auth.logout']).execute();
  const actions = new Set(rows.map((r) => r.action));
  assert.ok(actions.has('auth.login') && actions.has('auth.login_failed') && actions.has('auth.logout'));
});
