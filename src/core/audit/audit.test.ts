import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { createTestDatabase } from '../../../test/support/db.ts';
import type { Database } from '../db/index.ts';
import { recordPersonalDataRead } from './audit.ts';

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

test('a staff read of personal data is recorded with who, what, where from and which fields', async () => {
  const request = {
    ip: '192.0.2.10',
    url: '/beheer/zaken/123?tab=kind',
    staff: { id: '00000000-0000-4000-8000-000000000001', email: 'behandelaar@example.org' },
    sessionUserId: '00000000-0000-4000-8000-000000000001',
  } as unknown as FastifyRequest;
  await recordPersonalDataRead(database.db, request, { entityType: 'case', entityId: '123', organisationId: null, fields: ['child_name', 'birth_date'] });
  const row = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'personal_data.read').executeTakeFirstOrThrow();
  assert.equal(row.actor_email, 'behandelaar@example.org');
  assert.equal(row.entity_type, 'case');
  assert.equal(row.entity_id, '123');
  assert.equal(row.ip, '192.0.2.10');
  assert.deepEqual(row.details, { fields: ['child_name', 'birth_date'], purpose: 'case_handling', path: '/beheer/zaken/123' });
});
