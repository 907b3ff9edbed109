import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, type TestApp } from '../../../test/support/app.ts';
import { BODY_LIMIT } from '../../app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('pages are Dutch by default, with the language set and a skip link', async () => {
  const res = await new Client(t.app).get('/');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /^<!doctype html><html lang="nl" dir="ltr"/);
  assert.match(res.body, /<a class="utrecht-skip-link[^"]*" href="#main">Naar de inhoud<\/a>/);
  assert.match(res.body, /href="\/privacy"/);
  assert.match(res.body, /href="\/toegankelijkheid"/);
  assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
});

test('every response carries the security headers: pages, cached result pages, static files, errors', async () => {
  for (const url of ['/', '/wizard/resultaat?postcode=3811AB&rol=ouder&kind=8', '/wizard/resultaat?postcode=3811AB&rol=ouder&kind=8', '/static/css/kansrijk-layout.css', '/bestaat-niet']) {
    const res = await t.app.inject({ url });
    const csp = String(res.headers['content-security-policy']);
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "form-action 'self'", "frame-ancestors 'none'", "object-src 'none'"]) assert.ok(csp.includes(directive), `${url}: ${directive} in ${csp}`);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
    assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN', url);
    assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
    assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin', url);
    assert.equal(res.headers['strict-transport-security'], undefined, 'HSTS only in production');
    assert.equal(res.headers['x-powered-by'], undefined);
  }
});

test('the language switch gives English and remembers it', async () => {
  const c = new Client(t.app);
  const sw = await c.get('/taal/en?terug=%2Fprivacy');
  assert.equal(sw.statusCode, 303);
  assert.equal(sw.headers.location, '/privacy');
  const page = await c.get('/privacy');
  assert.match(page.body, /<html lang="en" dir="ltr"/);
  assert.match(page.body, /Privacy statement/);
  assert.equal((await c.get('/taal/xx')).statusCode, 404);
  const offsite = await c.get('/taal/nl?terug=%2F%2Fevil.example');
  assert.equal(offsite.headers.location, '/', 'never redirects off-site');
});

test('an unknown page gives the Dutch 404 page', async () => {
  const res = await new Client(t.app).get('/bestaat/niet');
  assert.equal(res.statusCode, 404);
  assert.match(res.body, /Deze pagina bestaat niet/);
});

test('an oversized body gives the 413 page, not a stack trace', async () => {
  const c = new Client(t.app);
  await c.get('/inloggen');
  const res = await c.post('/inloggen', { email: 'a@b.nl', password: 'x'.repeat(BODY_LIMIT + 10) });
  assert.equal(res.statusCode, 413);
  assert.match(res.body, /te groot/);
  assert.doesNotMatch(res.body, /at .*\.ts:\d+/);
});

test('a malformed form body is refused with a page, not a 500', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/inloggen', headers: { 'content-type': 'application/json' }, payload: '{not json' });
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, String(res.statusCode));
  assert.doesNotMatch(res.body, /SyntaxError|at .*\.ts:\d+/);
});

test('health and readiness answer JSON', async () => {
  const health = await t.app.inject({ url: '/healthz' });
  assert.deepEqual(health.json(), { status: 'ok' });
  const ready = await t.app.inject({ url: '/readyz' });
  assert.equal(ready.statusCode, 200);
  assert.equal(ready.json().status, 'ok');
});

test('the development outbox exists in development only', async () => {
  assert.equal((await t.app.inject({ url: '/dev/mail' })).statusCode, 200);
  const prod = await createTestApp({ isProduction: true, env: 'production', demoData: false });
  try {
    const res = await prod.app.inject({ url: '/dev/mail' });
    assert.equal(res.statusCode, 404);
  } finally {
    await prod.close();
  }
});

test('production refuses demo accounts even if they exist', async () => {
  const prod = await createTestApp({ isProduction: true, env: 'production' });
  try {
    const c = new Client(prod.app);
    await c.get('/inloggen');
    const res = await c.post('/inloggen', { email: 'beheerder@kansrijk.demo', password: 'demo-wachtwoord-2026' });
    assert.equal(res.statusCode, 401);
  } finally {
    await prod.close();
  }
});

test('a database that cannot be reached gives a 503 page with Retry-After, not a server error', async () => {
  const { default: Fastify } = await import('fastify');
  const { registerErrorPages } = await import('./error-pages.tsx');
  const { translator } = await import('../i18n/index.ts');
  const app = Fastify();
  app.decorateRequest('lang', 'nl');
  app.decorateRequest('t', translator('nl'));
  app.decorateRequest('staff', null);
  app.decorateReply('generateCsrf', () => 'x');
  registerErrorPages(app);
  app.get('/down', async () => {
    throw Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined });
  });
  app.get('/refused', async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  });
  for (const url of ['/down', '/refused']) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 503, url);
    assert.equal(res.headers['retry-after'], '5');
    assert.match(res.body, /De dienst is even niet bereikbaar/);
    assert.doesNotMatch(res.body, /ECONNREFUSED|5432/);
  }
  await app.close();
});
