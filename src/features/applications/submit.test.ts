import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createApplication, submitFor } from '../../../test/support/applications.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('one application for two children and three provisions at two organisations becomes two cases, each with only its own part', async () => {
  const { applicationId, reference } = await createApplication(t, {
    children: [
      { firstName: 'Sara', lastName: 'El Idrissi', birthDate: '2017-05-01', provisions: ['Schoolreis en excursies', 'Verjaardagsbox'] },
      { firstName: 'Noah', lastName: 'El Idrissi', birthDate: '2013-09-12', provisions: ['Fiets'] },
    ],
  });
  assert.match(reference, /^KR-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const { db } = t.database;
  const cases = await db.selectFrom('cases').innerJoin('organisations', 'organisations.id', 'cases.organisation_id').select(['cases.id', 'organisations.name', 'cases.address', 'cases.income', 'cases.household', 'cases.released_at']).where('application_id', '=', applicationId).orderBy('organisations.name').execute();
  assert.deepEqual(cases.map((c) => c.name), ['Stichting Jarige Job', 'Stichting Leergeld Eemland']);
  const [jarigeJob, leergeld] = cases;
  assert.ok(jarigeJob!.address && !jarigeJob!.income && !jarigeJob!.household, 'Jarige Job gets the address, not the income');
  assert.ok(leergeld!.address && leergeld!.income && leergeld!.household, 'Leergeld gets address, household and income');
  const jjChildren = await db.selectFrom('case_children').selectAll().where('case_id', '=', jarigeJob!.id).execute();
  assert.deepEqual(jjChildren.map((c) => c.first_name), ['Sara'], 'Jarige Job only hears of the child with a birthday box');
  console.log(JSON.stringify(jjChildren[0]?.fields));
  const mails = await db.selectFrom('outbound_mails').select(['to_address', 'subject', 'text_body']).execute();
  assert.equal(mails.length, 1);
  console.log(mails[0]!.text_body);
});

test('submitting the same draft twice makes one application', async () => {
  const first = await submitFor(t, { children: [{ firstName: 'Lina', lastName: 'Bakker', birthDate: '2016-02-02', provisions: ['Verjaardagsbox'] }] });
  assert.equal(first.kind, 'submitted');
});
