import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import type { Theme } from '../../core/db/schema.ts';
import type { ApplicantRole } from '../catalogue/rules.ts';
import { ageBand } from './answers.ts';

/**
 * Anonymous demand counts: municipality, role, age band and theme per day. No identifiers,
 * no ages, no postcodes: nothing here can point to a family.
 */
export async function countWizardUse(db: Db, use: { day: string; municipalityCode: string; role: ApplicantRole; ages: number[]; themes: Theme[] }): Promise<void> {
  const themes: string[] = use.themes.length > 0 ? use.themes : ['all'];
  const rows = use.ages.flatMap((age) => themes.map((theme) => ({ day: use.day, municipality_code: use.municipalityCode, role: use.role, age_band: ageBand(age), theme, uses: 1 })));
  if (rows.length === 0) return;
  await db
    .insertInto('wizard_uses')
    .values(rows)
    .onConflict((oc) => oc.columns(['day', 'municipality_code', 'role', 'age_band', 'theme']).doUpdateSet({ uses: sql`wizard_uses.uses + 1` }))
    .execute();
}
