import type { Db } from '../../core/db/index.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { issueToken } from '../auth/data.ts';
import { emailTaken } from './data.ts';

/**
 * The first platform administrator of a new installation (production has no demo accounts).
 * Creates the national office if needed and an invited administrator; returns the invitation
 * link, which leads to setting a password and enrolling a second factor like any invitation.
 */
export async function createFirstAdmin(db: Db, input: { email: string; name: string; publicUrl: string; organisationName?: string }): Promise<{ link: string; userId: string }> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error(`geen geldig e-mailadres: ${input.email}`);
  if (input.name.trim().length < 2) throw new Error('geef een naam van minstens 2 tekens');
  if (await emailTaken(db, email)) throw new Error(`er is al een account met ${email}`);
  return db.transaction().execute(async (trx) => {
    const office =
      (await trx.selectFrom('organisations').select('id').where('type', '=', 'national_office').orderBy('created_at').executeTakeFirst()) ??
      (await trx.insertInto('organisations').values({ type: 'national_office', name: input.organisationName ?? 'Landelijk bureau Kansrijk' }).returning('id').executeTakeFirstOrThrow());
    const user = await trx.insertInto('users').values({ email, name: input.name.trim(), role: 'platform_admin', organisation_id: office.id, status: 'invited' }).returning('id').executeTakeFirstOrThrow();
    const token = await issueToken(trx, user.id, 'invite');
    await recordAudit(trx, { userId: null, email: null, ip: null }, { action: 'user.first_admin_created', entityType: 'user', entityId: user.id, organisationId: office.id, details: { email } });
    return { link: `${input.publicUrl}/uitnodiging/${token}`, userId: user.id };
  });
}
