import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, type Role } from '../src/core/db/schema.ts';
import { can, type Permission } from '../src/core/auth/permissions.ts';
import { isProfessionalRoute, isStaffRoute } from '../src/core/auth/guard.ts';
import { Client, createTestApp, type TestApp } from './support/app.ts';
import { DEMO_PROFESSIONALS, DEMO_USERS } from '../src/features/demo/accounts.ts';
import { foreignCaseRecords } from './support/cases.ts';

/**
 * The authorization matrix: every registered staff route × every role × a record of another
 * organisation. It enumerates the routes the app actually registered, so a new route is covered
 * the moment it exists, and a route without a declared permission fails here.
 */
let t: TestApp;
const clients = new Map<Role, Client>();
let professionalClient: Client;
/** Values for route parameters, all pointing at records of an organisation none of the non-admin demo users belongs to. */
const foreign: Record<string, string> = {};

before(async () => {
  t = await createTestApp();
  const { db } = t.database;
  const org = await db.selectFrom('organisations').select('id').where('name', '=', 'Jeugdfonds Sport & Cultuur Amsterdam').executeTakeFirstOrThrow();
  const user = await db
    .insertInto('users')
    .values({ email: 'medewerker@jeugdfonds-amsterdam.test', name: 'Andere Organisatie', role: 'case_handler', organisation_id: org.id, status: 'active' })
    .returning('id')
    .executeTakeFirstOrThrow();
  foreign.orgId = org.id;
  foreign.provisionId = (await db.selectFrom('provisions').select('id').where('organisation_id', '=', org.id).executeTakeFirstOrThrow()).id;
  foreign.userId = user.id;
  foreign.code = 'GM0363';
  foreign.token = 'not-a-real-token';
  // A case of the other organisation, with an item, a visit and a document; and a staff draft that is not theirs.
  Object.assign(foreign, await foreignCaseRecords(t, 'Jeugdfonds Sport & Cultuur Amsterdam'));
  foreign.draftId = 'c'.repeat(43);
  // A professional put forward only to the other organisation.
  const professional = await db.insertInto('users').values({ email: 'elders@school-amsterdam.test', name: 'Elders', role: 'professional', organisation_id: null, status: 'active' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('professionals').values({ user_id: professional.id, phone: '020 123 45 67', employer_type: 'school', employer_name: 'School', employer_place: 'Amsterdam', job_title: 'Leerkracht', email_verified_at: new Date() }).execute();
  await db.insertInto('professional_approvals').values({ professional_id: professional.id, organisation_id: org.id, status: 'pending' }).execute();
  foreign.professionalId = professional.id;
  const demoProfessional = DEMO_PROFESSIONALS[0]!;
  professionalClient = new Client(t.app);
  await professionalClient.login(demoProfessional.email, undefined, demoProfessional.totpSecret);
  for (const role of ROLES) {
    const demo = DEMO_USERS.find((u) => u.role === role)!;
    const client = new Client(t.app);
    await client.login(demo.email);
    clients.set(role, client);
  }
});

after(() => t.close());

function staffRoutes() {
  return t.app.registeredRoutes.filter((r) => r.method !== 'HEAD' && isStaffRoute(r.url));
}

function fill(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = foreign[name];
    if (!value) throw new Error(`authz matrix: add a value for route parameter :${name} (used by ${url})`);
    return value;
  });
}

test('every route declares a permission or is explicitly public', () => {
  const undeclared = t.app.registeredRoutes.filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/static/') && !r.permission && !r.isPublic && !r.isProfessional);
  assert.deepEqual(undeclared, [], 'routes without a declared permission or public flag');
  const publicStaff = staffRoutes().filter((r) => r.isPublic || !r.permission);
  assert.deepEqual(publicStaff, [], 'staff routes must declare a permission and cannot be public');
});

test('the staff area is refused without a complete login', async () => {
  const anonymous = new Client(t.app);
  await anonymous.get('/inloggen');
  for (const route of staffRoutes()) {
    const url = fill(route.url);
    const res = route.method === 'GET' ? await anonymous.get(url) : await anonymous.post(url, {});
    if (route.method === 'GET') {
      assert.equal(res.statusCode, 303, `${route.method} ${route.url}`);
      assert.match(String(res.headers.location), /^\/inloggen\?terug=/);
    } else {
      assert.equal(res.statusCode, 401, `${route.method} ${route.url}`);
    }
  }
});

test('every role × every staff route × another organisation\'s records', async () => {
  let checked = 0;
  for (const role of ROLES) {
    const client = clients.get(role)!;
    for (const route of staffRoutes()) {
      const url = fill(route.url);
      await client.get('/account'); // a fresh CSRF token from a page this role can open
      const res = route.method === 'GET' ? await client.get(url) : await client.post(url, {});
      const label = `${role} ${route.method} ${route.url} → ${res.statusCode}`;
      const allowed = can(role, route.permission as Permission);
      if (!allowed) assert.equal(res.statusCode, 403, label);
      else if (role !== 'platform_admin' && route.url.includes(':')) assert.equal(res.statusCode, 404, label);
      else assert.ok(res.statusCode < 500 && res.statusCode !== 403 && res.statusCode !== 401, label);
      checked++;
    }
  }
  console.log(`authorization matrix: ${staffRoutes().length} staff routes × ${ROLES.length} roles = ${checked} checks`);
  assert.ok(checked >= ROLES.length * 3);
});

function professionalRoutes() {
  return t.app.registeredRoutes.filter((r) => r.method !== 'HEAD' && r.isProfessional);
}

test('the professionals\' area: only professionals, never staff, and a professional never reaches the staff area', async () => {
  const area = t.app.registeredRoutes.filter((r) => r.method !== 'HEAD' && isProfessionalRoute(r.url));
  assert.deepEqual(area.filter((r) => !r.isProfessional && !r.isPublic), [], 'every route under /intermediair is for professionals or public');
  assert.deepEqual(professionalRoutes().filter((r) => !isProfessionalRoute(r.url) || r.permission), [], 'professional routes live under /intermediair and carry no staff permission');
  let checked = 0;
  const anonymous = new Client(t.app);
  await anonymous.get('/inloggen');
  for (const route of professionalRoutes()) {
    const url = fill(route.url);
    const res = route.method === 'GET' ? await anonymous.get(url) : await anonymous.post(url, {});
    assert.equal(res.statusCode, route.method === 'GET' ? 303 : 401, `anonymous ${route.method} ${route.url}`);
    for (const role of ROLES) {
      const client = clients.get(role)!;
      await client.get('/account');
      const staffRes = route.method === 'GET' ? await client.get(url) : await client.post(url, {});
      assert.equal(staffRes.statusCode, 403, `${role} ${route.method} ${route.url}`);
      checked++;
    }
  }
  for (const route of staffRoutes()) {
    const url = fill(route.url);
    await professionalClient.get('/intermediair');
    const res = route.method === 'GET' ? await professionalClient.get(url) : await professionalClient.post(url, {});
    if (route.url === '/beheer' && route.method === 'GET') assert.equal(res.headers.location, '/intermediair');
    else assert.equal(res.statusCode, 403, `professional ${route.method} ${route.url}`);
    checked++;
  }
  console.log(`professionals' area: ${professionalRoutes().length} routes × ${ROLES.length} roles, and ${staffRoutes().length} staff routes × the professional = ${checked} checks`);
});

test('a CSRF-less post is refused even with a valid session', async () => {
  const client = clients.get('platform_admin')!;
  const res = await client.post('/account/uitloggen-overal', {}, { csrf: null });
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /formulier is verlopen/);
});
