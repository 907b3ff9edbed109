import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import type { OrganisationType, Theme } from '../../core/db/schema.ts';
import type { CatalogueEntry } from './routing.ts';
import type { ProvisionRules } from './rules.ts';

interface Row {
  id: string;
  version: number;
  theme: Theme;
  rules: ProvisionRules | string;
  organisation_id: string;
  organisation_name: string;
  organisation_type: OrganisationType;
  contact_email: string | null;
  contact_phone: string | null;
  website: string | null;
  retention_months: number;
  covered: boolean;
}

/**
 * The published catalogue as seen from one municipality: every provision whose organisation
 * works there, at its latest published version, with whether the provision itself covers it.
 */
export async function catalogueForMunicipality(db: Db, municipalityCode: string): Promise<CatalogueEntry[]> {
  const result = await sql<Row>`
    select p.id, p.version, p.theme, v.rules, o.id as organisation_id, o.name as organisation_name, o.type as organisation_type, o.contact_email, o.contact_phone, o.website, o.retention_months,
      (not exists (select 1 from provision_municipalities pm where pm.provision_id = p.id)
        or exists (select 1 from provision_municipalities pm where pm.provision_id = p.id and pm.municipality_code = ${municipalityCode})) as covered
    from provisions p
    join provision_versions v on v.provision_id = p.id and v.version = p.version
    join organisations o on o.id = p.organisation_id and o.active
    join organisation_municipalities om on om.organisation_id = o.id and om.municipality_code = ${municipalityCode}
    where p.status = 'published'`.execute(db);
  const here = new Set([municipalityCode]);
  const none = new Set<string>();
  return result.rows.map((r) => ({
    id: r.id,
    version: r.version,
    theme: r.theme,
    organisation: { id: r.organisation_id, name: r.organisation_name, type: r.organisation_type, email: r.contact_email, phone: r.contact_phone, website: r.website, retentionMonths: r.retention_months },
    rules: typeof r.rules === 'string' ? (JSON.parse(r.rules) as ProvisionRules) : r.rules,
    municipalities: r.covered ? here : none,
    organisationMunicipalities: here,
    placesTaken: 0,
  }));
}

export async function findMunicipality(db: Db, code: string) {
  return db.selectFrom('municipalities').select(['code', 'name', 'common_name']).where('code', '=', code).where('active', '=', true).executeTakeFirst();
}
