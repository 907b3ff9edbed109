import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import type { OrganisationType, Theme } from '../../core/db/schema.ts';
import { normalisePostcode, type MunicipalityRef, type PostcodeLookup } from '../refdata/postcode.ts';
import type { CatalogueEntry } from './routing.ts';
import type { ProvisionRules } from './rules.ts';

/**
 * A per-process read cache of what the public wizard needs: municipalities, postcode areas and
 * the published catalogue. The database stays the only source of truth: a trigger bumps
 * cache_revisions on every change, and each process checks that counter at most once a second,
 * so a change made through any process is visible everywhere within about a second.
 */
interface ProvisionRow {
  base: Omit<CatalogueEntry, 'municipalities' | 'organisationMunicipalities'>;
  coverage: Set<string> | null;
  organisationId: string;
}

export class Snapshot {
  readonly #perMunicipality = new Map<string, CatalogueEntry[]>();
  constructor(
    readonly revision: number,
    private readonly municipalities: Map<string, MunicipalityRef & { active: boolean }>,
    private readonly areas: Map<string, Array<{ code: string; share: number }>>,
    private readonly provisions: ProvisionRow[],
    private readonly organisationCoverage: Map<string, Set<string>>,
  ) {}

  municipality(code: string): MunicipalityRef | null {
    const m = this.municipalities.get(code);
    return m && m.active ? { code: m.code, name: m.name, commonName: m.commonName } : null;
  }

  activeMunicipalities(): MunicipalityRef[] {
    return [...this.municipalities.values()].filter((m) => m.active).sort((a, b) => a.commonName.localeCompare(b.commonName, 'nl'));
  }

  lookupPostcode(input: unknown): PostcodeLookup {
    const postcode = normalisePostcode(input);
    if (!postcode) return { kind: 'malformed' };
    const { pc4 } = postcode;
    const options = (this.areas.get(pc4) ?? []).flatMap((a) => {
      const m = this.municipality(a.code);
      return m ? [{ ...m, share: a.share }] : [];
    });
    if (options.length === 0) return { kind: 'unknown', pc4 };
    if (options.length === 1) {
      const { share: _share, ...municipality } = options[0]!;
      return { kind: 'single', pc4, municipality };
    }
    return { kind: 'split', pc4, options };
  }

  catalogueFor(code: string): CatalogueEntry[] {
    let entries = this.#perMunicipality.get(code);
    if (entries) return entries;
    const here = new Set([code]);
    const none = new Set<string>();
    entries = this.provisions
      .filter((p) => this.organisationCoverage.get(p.organisationId)?.has(code))
      .map((p) => ({ ...p.base, municipalities: !p.coverage || p.coverage.has(code) ? here : none, organisationMunicipalities: here }));
    this.#perMunicipality.set(code, entries);
    return entries;
  }
}

export class ReferenceCache {
  #snapshot: Snapshot | null = null;
  #checkedAt = 0;
  #loading: Promise<Snapshot> | null = null;

  constructor(
    private readonly db: Db,
    private readonly checkEveryMs = 1000,
  ) {}

  async current(): Promise<Snapshot> {
    if (this.#snapshot && Date.now() - this.#checkedAt < this.checkEveryMs) return this.#snapshot;
    this.#loading ??= this.#refresh().finally(() => (this.#loading = null));
    return this.#loading;
  }

  /** Forget the snapshot, e.g. right after this process published a change. */
  invalidate(): void {
    this.#checkedAt = 0;
  }

  async #refresh(): Promise<Snapshot> {
    const row = await this.db.selectFrom('cache_revisions').select('revision').where('name', '=', 'catalogue').executeTakeFirst();
    const revision = Number(row?.revision ?? 0);
    this.#checkedAt = Date.now();
    if (this.#snapshot && this.#snapshot.revision === revision) return this.#snapshot;
    this.#snapshot = await load(this.db, revision);
    return this.#snapshot;
  }
}

async function load(db: Db, revision: number): Promise<Snapshot> {
  const [municipalities, areas, provisions, orgCoverage, provisionCoverage, places] = await Promise.all([
    db.selectFrom('municipalities').select(['code', 'name', 'common_name', 'active']).execute(),
    db.selectFrom('postcode_areas').select(['pc4', 'municipality_code', 'share', 'rank']).orderBy('pc4').orderBy('rank').orderBy('municipality_code').execute(),
    sql<{ id: string; version: number; theme: Theme; rules: ProvisionRules | string; organisation_id: string; organisation_name: string; organisation_type: OrganisationType; contact_email: string | null; contact_phone: string | null; website: string | null; retention_months: number }>`
      select p.id, p.version, p.theme, v.rules, o.id as organisation_id, o.name as organisation_name, o.type as organisation_type, o.contact_email, o.contact_phone, o.website, o.retention_months
      from provisions p
      join provision_versions v on v.provision_id = p.id and v.version = p.version
      join organisations o on o.id = p.organisation_id and o.active
      where p.status = 'published'`.execute(db),
    db.selectFrom('organisation_municipalities').select(['organisation_id', 'municipality_code']).execute(),
    db.selectFrom('provision_municipalities').select(['provision_id', 'municipality_code']).execute(),
    // Campaign places: a submission that fills the last place bumps the revision, so "full" is never stale.
    db.selectFrom('provision_places').select(['provision_id', 'taken']).execute(),
  ]);
  const taken = new Map(places.map((p) => [p.provision_id, p.taken]));
  const municipalityMap = new Map(municipalities.map((m) => [m.code, { code: m.code, name: m.name, commonName: m.common_name, active: m.active }]));
  const areaMap = new Map<string, Array<{ code: string; share: number }>>();
  for (const a of areas) {
    let list = areaMap.get(a.pc4);
    if (!list) areaMap.set(a.pc4, (list = []));
    list.push({ code: a.municipality_code, share: Number(a.share) });
  }
  const coverageMap = new Map<string, Set<string>>();
  for (const c of orgCoverage) {
    let set = coverageMap.get(c.organisation_id);
    if (!set) coverageMap.set(c.organisation_id, (set = new Set()));
    set.add(c.municipality_code);
  }
  const provisionCoverageMap = new Map<string, Set<string>>();
  for (const c of provisionCoverage) {
    let set = provisionCoverageMap.get(c.provision_id);
    if (!set) provisionCoverageMap.set(c.provision_id, (set = new Set()));
    set.add(c.municipality_code);
  }
  const rows: ProvisionRow[] = provisions.rows.map((r) => ({
    organisationId: r.organisation_id,
    coverage: provisionCoverageMap.get(r.id) ?? null,
    base: {
      id: r.id,
      version: r.version,
      theme: r.theme,
      organisation: { id: r.organisation_id, name: r.organisation_name, type: r.organisation_type, email: r.contact_email, phone: r.contact_phone, website: r.website, retentionMonths: r.retention_months },
      rules: typeof r.rules === 'string' ? (JSON.parse(r.rules) as ProvisionRules) : r.rules,
      placesTaken: taken.get(r.id) ?? 0,
    },
  }));
  return new Snapshot(revision, municipalityMap, areaMap, rows, coverageMap);
}
