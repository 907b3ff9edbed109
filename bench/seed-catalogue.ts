import { sql } from 'kysely';
import type { Db } from '../src/core/db/index.ts';
import { DEMO_CATALOGUE } from '../src/features/demo/catalogue.ts';
import { RulesSchema } from '../src/features/catalogue/rules.ts';

/**
 * A national-scale catalogue for the benchmarks: one local fund per province covering all its
 * municipalities with the Leergeld and Jeugdfonds provisions, on top of the national organisations,
 * so that every municipality has about 20 provisions.
 */
export async function seedNationalCatalogue(db: Db): Promise<number> {
  const existing = await db.selectFrom('organisations').select('id').where('name', 'like', 'Bench %').executeTakeFirst();
  if (existing) return 0;
  const provinces = (await db.selectFrom('municipalities').select('province').distinct().execute()).map((p) => p.province);
  const local = DEMO_CATALOGUE.filter((p) => ['leergeld', 'jfsc-utrecht', 'amersfoort'].includes(p.organisation));
  let count = 0;
  await db.transaction().execute(async (trx) => {
    for (const province of provinces) {
      const org = await trx.insertInto('organisations').values({ type: 'other_fund', name: `Bench fonds ${province}` }).returning('id').executeTakeFirstOrThrow();
      await sql`insert into organisation_municipalities (organisation_id, municipality_code) select ${org.id}, code from municipalities where province = ${province}`.execute(trx);
      for (const item of [...local, ...local.slice(0, 3)]) {
        const rules = JSON.stringify(RulesSchema.parse(item.rules));
        const row = await trx.insertInto('provisions').values({ organisation_id: org.id, theme: item.theme, status: 'published', version: 1, rules }).returning('id').executeTakeFirstOrThrow();
        await trx.insertInto('provision_versions').values({ provision_id: row.id, version: 1, rules, municipality_codes: [] }).execute();
        count++;
      }
    }
  });
  return count;
}
