import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import { hashPassword } from '../../core/auth/passwords.ts';
import { sealSecret } from '../../core/auth/totp.ts';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_PROFESSIONALS, DEMO_USERS } from './accounts.ts';
import { organisationsForProfessionals } from '../professionals/data.ts';
import { DEMO_CATALOGUE } from './catalogue.ts';
import { RulesSchema } from '../catalogue/rules.ts';
import { seedReachDemo } from './reach.ts';
import { seedDemoApplications, type SubmitSecrets } from './applications.ts';

/**
 * Fills an empty database with the demo organisations, accounts and catalogue, and (given the
 * secrets an application needs) a few families' applications. Safe with several processes starting at once.
 */
export async function seedDemoData(db: Db, secretKey: string, applications?: SubmitSecrets): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const created = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(4242001)`.execute(trx);
    const existing = await trx.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
    if (existing) return false;

    const municipalities = await trx.selectFrom('municipalities').select(['code', 'province']).where('active', '=', true).execute();
    const ids = new Map<string, string>();
    for (const org of DEMO_ORGANISATIONS) {
      const row = await trx
        .insertInto('organisations')
        .values({ type: org.type, name: org.name, contact_email: org.email, contact_phone: org.phone ?? null, website: org.website ?? null, address: org.address ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(org.key, row.id);
      const codes =
        org.municipalities === 'ALL'
          ? municipalities.map((m) => m.code)
          : typeof org.municipalities === 'string'
            ? municipalities.filter((m) => m.province === org.municipalities.slice(3)).map((m) => m.code)
            : org.municipalities;
      if (codes.length > 0) {
        await trx.insertInto('organisation_municipalities').values(codes.map((code) => ({ organisation_id: row.id, municipality_code: code }))).execute();
      }
    }
    for (const user of DEMO_USERS) {
      const row = await trx
        .insertInto('users')
        .values({
          email: user.email,
          name: user.name,
          role: user.role,
          organisation_id: ids.get(user.organisation)!,
          status: 'active',
          password_hash: passwordHash,
          totp_secret: sealSecret(user.totpSecret, secretKey),
          totp_enabled_at: new Date(),
          is_demo: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (user.municipalities?.length) {
        await trx.insertInto('user_municipalities').values(user.municipalities.map((code) => ({ user_id: row.id, municipality_code: code }))).execute();
      }
    }
    for (const item of DEMO_CATALOGUE) {
      // The demo rules pass the same validation as anything a coordinator enters.
      const rules = JSON.stringify(RulesSchema.parse(item.rules));
      const row = await trx
        .insertInto('provisions')
        .values({ organisation_id: ids.get(item.organisation)!, theme: item.theme, status: 'published', version: 1, rules })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('provision_versions').values({ provision_id: row.id, version: 1, rules, municipality_codes: item.municipalities ?? [] }).execute();
      if (item.municipalities?.length) {
        await trx.insertInto('provision_municipalities').values(item.municipalities.map((code) => ({ provision_id: row.id, municipality_code: code }))).execute();
      }
    }
    for (const p of DEMO_PROFESSIONALS) {
      const row = await trx
        .insertInto('users')
        .values({ email: p.email, name: p.name, role: 'professional', organisation_id: null, status: 'active', password_hash: passwordHash, totp_secret: sealSecret(p.totpSecret, secretKey), totp_enabled_at: new Date(), is_demo: true })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('professionals').values({ user_id: row.id, phone: p.phone, employer_type: p.employerType, employer_name: p.employerName, employer_place: p.employerPlace, job_title: p.jobTitle, email_verified_at: new Date() }).execute();
      await trx.insertInto('user_municipalities').values(p.municipalities.map((code) => ({ user_id: row.id, municipality_code: code }))).execute();
      const approvedIds = new Set(p.approvedBy.map((key) => ids.get(key)));
      const organisations = await organisationsForProfessionals(trx, p.municipalities);
      if (organisations.length > 0) {
        await trx
          .insertInto('professional_approvals')
          .values(organisations.map((o) => ({ professional_id: row.id, organisation_id: o.id, status: approvedIds.has(o.id) ? ('approved' as const) : ('pending' as const), decided_at: approvedIds.has(o.id) ? new Date() : null })))
          .execute();
      }
    }
    // Past years' figures for the reach dashboards (issue 7), with illustrative target groups.
    await seedReachDemo(trx);
    return true;
  });
  if (created && applications) await seedDemoApplications(db, applications);
  return created;
}
