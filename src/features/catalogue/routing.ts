import type { OrganisationType, Theme } from '../../core/db/schema.ts';
import type { ApplicantRole, ProvisionRules } from './rules.ts';

/**
 * "What can this child get here, from whom, and how?" A pure function over the published
 * catalogue: no database, no clock (the date is an input), so it is fast and fully testable.
 */
export interface CatalogueEntry {
  id: string;
  version: number;
  theme: Theme;
  organisation: { id: string; name: string; type: OrganisationType; email?: string | null; phone?: string | null; website?: string | null; retentionMonths?: number };
  rules: ProvisionRules;
  /** municipalities where this provision can be requested (its own coverage, or else its organisation's) */
  municipalities: ReadonlySet<string>;
  /** municipalities its organisation covers, to tell "not here" from "not for you" */
  organisationMunicipalities: ReadonlySet<string>;
  /** places already taken in a campaign with a capacity */
  placesTaken: number;
}

export interface ChildQuery {
  /** age in whole years, when no birth date is given */
  age?: number;
  /** YYYY-MM-DD */
  birthDate?: string;
}

export interface RoutingQuery {
  municipalityCode: string;
  /** the day of the question, YYYY-MM-DD */
  date: string;
  role: ApplicantRole;
  children: ChildQuery[];
  /** empty means: every theme */
  themes: Theme[];
}

export type Reason =
  | { code: 'age_min'; min: number }
  | { code: 'age_max'; max: number }
  | { code: 'professional_only' }
  | { code: 'not_for_role'; roles: ApplicantRole[] }
  | { code: 'not_in_municipality' }
  | { code: 'outside_window'; from: string; until: string };

export interface Option {
  entry: CatalogueEntry;
  /** the child's age as this provision counts it */
  age: number;
  /** the campaign is full: a request goes on the waiting list */
  waitingList: boolean;
  /** the child qualifies, but someone else must apply: the parent (for a young person) or a professional */
  via: 'parent' | 'professional' | null;
  /** maximum amount for this child, in cents, if the provision has one */
  maxAmount: number | null;
  /** set when the organisation first checks this municipal scheme */
  municipalFirst: CatalogueEntry | null;
}

export interface OrganisationGroup {
  organisation: CatalogueEntry['organisation'];
  options: Option[];
}

export interface ThemeGroup {
  theme: Theme;
  organisations: OrganisationGroup[];
}

export interface ChildAnswer {
  index: number;
  age: number;
  themes: ThemeGroup[];
  unavailable: Array<{ entry: CatalogueEntry; reasons: Reason[] }>;
  /** themes asked for where nothing is available here for this child */
  missingThemes: Theme[];
  /** what national organisations offer this child when a theme has nothing */
  nationalAlternatives: Option[];
}

const NATIONAL: OrganisationType[] = ['kinderhulp', 'jarige_job'];

export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The most recent occurrence of a month-day on or before the date: 1 September gives the current school year. */
export function referenceDay(date: string, monthDay: string): string {
  const year = Number(date.slice(0, 4));
  const candidate = `${year}-${monthDay}`;
  return candidate <= date ? candidate : `${year - 1}-${monthDay}`;
}

export function inWindow(date: string, window: { from: string; until: string }): boolean {
  const md = date.slice(5);
  return window.from <= window.until ? md >= window.from && md <= window.until : md >= window.from || md <= window.until;
}

function childAge(child: ChildQuery, rules: ProvisionRules, date: string): number {
  const day = rules.age.referenceDate ? referenceDay(date, rules.age.referenceDate) : date;
  if (child.birthDate) return ageOn(child.birthDate, day);
  return child.age ?? 0;
}

function amountFor(rules: ProvisionRules, age: number): number | null {
  const band = rules.limits.amountsByAge.find((b) => age >= b.minAge && age <= b.maxAge);
  return band ? band.amount : rules.limits.maxAmount;
}

export function ageToday(child: ChildQuery, date: string): number {
  return child.birthDate ? ageOn(child.birthDate, date) : (child.age ?? 0);
}

export function route(catalogue: readonly CatalogueEntry[], query: RoutingQuery): ChildAnswer[] {
  const themeSet = new Set(query.themes);
  const wanted = (e: CatalogueEntry) => themeSet.size === 0 || themeSet.has(e.theme);
  // Only what the organisation offers in this municipality is the family's business.
  const local = catalogue.filter((e) => e.organisationMunicipalities.has(query.municipalityCode));

  return query.children.map((child, index) => {
    const options: Option[] = [];
    const unavailable: ChildAnswer['unavailable'] = [];
    for (const entry of local) {
      const r = entry.rules;
      const age = childAge(child, r, query.date);
      const reasons: Reason[] = [];
      if (!entry.municipalities.has(query.municipalityCode)) reasons.push({ code: 'not_in_municipality' });
      if (age < r.age.min) reasons.push({ code: 'age_min', min: r.age.min });
      if (age > r.age.max) reasons.push({ code: 'age_max', max: r.age.max });
      if (r.window && !inWindow(query.date, r.window)) reasons.push({ code: 'outside_window', ...r.window });
      const roleAllowed = r.applicants.includes(query.role);
      // A young person may not apply themself below 12, whatever the provision says.
      const youngTooYoung = query.role === 'young' && ageToday(child, query.date) < 12;
      let via: Option['via'] = null;
      if (!roleAllowed || youngTooYoung) {
        if (query.role === 'young' && r.applicants.includes('parent')) via = 'parent';
        else if (r.applicants.includes('professional') && query.role !== 'professional') via = 'professional';
        else reasons.push(r.applicants.length === 1 && r.applicants[0] === 'professional' ? { code: 'professional_only' } : { code: 'not_for_role', roles: r.applicants });
      }
      if (reasons.length > 0) {
        if (wanted(entry)) unavailable.push({ entry, reasons });
        continue;
      }
      options.push({
        entry,
        age,
        waitingList: r.capacity !== null && entry.placesTaken >= r.capacity,
        via,
        maxAmount: amountFor(r, age),
        municipalFirst: null,
      });
    }

    // Where an organisation first checks whether the municipality pays, point to that scheme.
    for (const option of options) {
      if (!option.entry.rules.checksMunicipalFirst) continue;
      option.municipalFirst = options.find((o) => o.entry.organisation.type === 'municipality' && o.entry.theme === option.entry.theme && o !== option)?.entry ?? null;
    }

    const chosen = options.filter((o) => wanted(o.entry));
    const themes: ThemeGroup[] = [];
    for (const o of chosen.sort(compareOptions)) {
      let group = themes.find((g) => g.theme === o.entry.theme);
      if (!group) themes.push((group = { theme: o.entry.theme, organisations: [] }));
      let org = group.organisations.find((g) => g.organisation.id === o.entry.organisation.id);
      if (!org) group.organisations.push((org = { organisation: o.entry.organisation, options: [] }));
      org.options.push(o);
    }
    const asked = themeSet.size === 0 ? [] : [...themeSet];
    const missingThemes = asked.filter((t) => !themes.some((g) => g.theme === t));
    const nationalAlternatives = missingThemes.length > 0 ? options.filter((o) => NATIONAL.includes(o.entry.organisation.type) && !chosen.includes(o)) : [];
    return { index, age: ageToday(child, query.date), themes, unavailable, missingThemes, nationalAlternatives };
  });
}

const THEME_ORDER: Theme[] = ['school', 'sport', 'culture', 'basic_needs', 'leisure', 'birthday'];

// Themes in a fixed order; within a theme the municipality's own schemes first (they are often
// checked first by the funds), then by organisation name and title.
function compareOptions(a: Option, b: Option): number {
  return (
    THEME_ORDER.indexOf(a.entry.theme) - THEME_ORDER.indexOf(b.entry.theme) ||
    Number(b.entry.organisation.type === 'municipality') - Number(a.entry.organisation.type === 'municipality') ||
    a.entry.organisation.name.localeCompare(b.entry.organisation.name, 'nl') ||
    a.entry.rules.title.nl.localeCompare(b.entry.rules.title.nl, 'nl')
  );
}
