import type { FieldErrors } from '../../core/layout/forms.tsx';
import { PUBLIC_LANGUAGES, isLang, type Lang } from '../../core/i18n/index.ts';
import { parseEuros } from '../../core/money.ts';
import { isValidIban, normaliseIban } from '../../core/validation/iban.ts';
import { isValidBsn } from '../../core/validation/bsn.ts';
import { normalisePostcode } from '../refdata/postcode.ts';
import type { Snapshot } from '../catalogue/cache.ts';
import { ageOn, route, type CatalogueEntry, type ChildQuery, type Option, type Reason } from '../catalogue/routing.ts';
import type { DraftData, RawValues, StepSlug } from './drafts.ts';
import { isEmail } from '../../core/validation/email.ts';
import {
  INCOME_SOURCES, SCHOOL_LEVELS, fieldsNeeded,
  type Address, type ChildDetails, type ChildField, type Household, type Income, type IncomeSource, type ItemDetails, type ItemField, type SchoolLevel,
} from './fields.ts';

/**
 * The application form's steps as plain functions: each reads the answers as typed and returns
 * typed values or messages per field (i18n keys). No database, no request: the routes feed them
 * the draft, the catalogue snapshot and today's date, and the same functions check everything
 * once more on submit.
 */
export interface FlowContext {
  snapshot: Snapshot;
  today: string;
  data: DraftData;
  /** the page's language, for provision titles inside messages */
  lang: Lang;
  /** offers already worked out in this request: every step asks the same questions several times */
  memo?: Map<string, ChildOffer>;
}

/** Provisions are written in Dutch and English; other languages show the English text. */
export function titleOf(entry: CatalogueEntry, lang: Lang): string {
  return lang === 'nl' ? entry.rules.title.nl : entry.rules.title.en;
}

export type StepResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export interface Chosen {
  child: number;
  option: Option;
}

export interface Applicant {
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  language: Lang;
  parent: { name: string; email: string; phone: string | null } | null;
}

export interface HouseholdAnswers {
  address: Address | null;
  household: Household | null;
  income: Income | null;
}

export interface ChildAnswers {
  index: number;
  firstName: string;
  lastName: string;
  birthDate: string;
  details: ChildDetails;
  items: Array<{ provisionId: string; details: ItemDetails }>;
}

export interface OrganisationPlan {
  organisation: CatalogueEntry['organisation'];
  items: Chosen[];
  /** personal fields this organisation receives: the union of its provisions' needs */
  fields: string[];
}

export interface ValidApplication {
  municipalityCode: string;
  role: 'parent' | 'young';
  chosen: Chosen[];
  applicant: Applicant;
  household: HouseholdAnswers;
  children: ChildAnswers[];
  organisations: OrganisationPlan[];
}

// ---------------------------------------------------------------- reading raw values

/** PostgreSQL refuses NUL in text: it is dropped, as are leading and trailing spaces. */
export function rawString(raw: RawValues, name: string, max = 500): string {
  const v = raw[name];
  const s = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
  return s.replaceAll('\u0000', '').trim().slice(0, max);
}

export function rawList(raw: RawValues, name: string): string[] {
  const v = raw[name];
  return (Array.isArray(v) ? v : typeof v === 'string' && v !== '' ? [v] : []).map(String).slice(0, 64);
}

/** Posted form values as stored in the draft: strings and string lists only, bounded. */
export function toRaw(body: unknown, allowed: (name: string) => boolean): RawValues {
  const out: RawValues = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf' || k === 'actie' || k.length > 120 || !allowed(k)) continue;
    if (typeof v === 'string') out[k] = v.slice(0, 2000);
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string').slice(0, 64).map((x) => x.slice(0, 200));
  }
  return out;
}

// Letters of any script, with the spaces, apostrophes, hyphens and dots that names have.
export const NAME = /^[\p{L}\p{M}][\p{L}\p{M}\s'’.-]*$/u;
export const PHONE = /^\+?[\d\s()-]{8,20}$/;
const DUTCH_DATE = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkName(value: string, field: string, errors: FieldErrors, required: string, invalid: string): string {
  if (!value) errors[field] = { key: required };
  else if (value.length > 100) errors[field] = { key: 'applications.errors.tooLong', vars: { max: 100 } };
  else if (!NAME.test(value)) errors[field] = { key: invalid };
  return value.replace(/\s+/g, ' ');
}

function checkEmail(value: string, field: string, errors: FieldErrors): string {
  if (!value) errors[field] = { key: 'applications.errors.emailRequired' };
  else if (value.length > 254 || !isEmail(value)) errors[field] = { key: 'applications.errors.emailInvalid' };
  return value.toLowerCase();
}

function checkPhone(value: string, field: string, errors: FieldErrors): string | null {
  if (!value) return null;
  const digits = value.replace(/\D/g, '').length;
  if (!PHONE.test(value) || digits < 9 || digits > 15) errors[field] = { key: 'applications.errors.phoneInvalid' };
  return value.replace(/\s+/g, ' ');
}

/** "15-03-2018", "15/3/2018", "2018-03-15" → "2018-03-15"; a message key otherwise. */
export function parseBirthDate(value: string, today: string): { date: string } | { error: string } {
  if (!value) return { error: 'applications.children.birthDateRequired' };
  const m = DUTCH_DATE.exec(value) ?? ISO_DATE.exec(value);
  if (!m) return { error: 'applications.children.birthDateInvalid' };
  const [y, mo, d] = ISO_DATE.test(value) ? [m[1], m[2], m[3]] : [m[3], m[2], m[1]];
  const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) return { error: 'applications.children.birthDateInvalid' };
  if (iso > today) return { error: 'applications.children.birthDateFuture' };
  if (ageOn(iso, today) > 25) return { error: 'applications.children.birthDateOld' };
  return { date: iso };
}

// ---------------------------------------------------------------- where, and what is on offer

function addressMunicipality(ctx: FlowContext): string | null {
  const raw = ctx.data.household;
  const postcode = normalisePostcode(rawString(raw, 'postcode', 20));
  if (!postcode?.pc6) return null;
  const found = ctx.snapshot.lookupPostcode(postcode.pc6);
  if (found.kind === 'single') return found.municipality.code;
  if (found.kind === 'split') {
    const chosen = rawString(raw, 'gemeente', 10).toUpperCase();
    return found.options.some((o) => o.code === chosen) ? chosen : null;
  }
  return null;
}

/** The municipality that decides what can be asked for: the address's once given, else the wizard's. */
export function effectiveMunicipality(ctx: FlowContext): string {
  return addressMunicipality(ctx) ?? ctx.data.origin.municipalityCode;
}

/** The birth date typed at the children step when valid, else what the wizard was told. */
export function childQuery(ctx: FlowContext, index: number): ChildQuery {
  const typed = parseBirthDate(rawString(ctx.data.children, `child-${index}-birth_date`, 20), ctx.today);
  if ('date' in typed) return { birthDate: typed.date };
  return ctx.data.origin.children[index] ?? { age: 0 };
}

export interface ChildOffer {
  index: number;
  /** what can be asked for online here, by this applicant */
  options: Option[];
  /** what exists but cannot be asked for online by this applicant, and why */
  elsewhere: Option[];
  unavailable: Array<{ entry: CatalogueEntry; reasons: Reason[] }>;
}

export function offerFor(ctx: FlowContext, index: number, query: ChildQuery = childQuery(ctx, index), municipalityCode = effectiveMunicipality(ctx)): ChildOffer {
  const key = `${index}|${query.birthDate ?? `age:${query.age}`}|${municipalityCode}`;
  ctx.memo ??= new Map();
  const known = ctx.memo.get(key);
  if (known) return known;
  const offer = computeOffer(ctx, index, query, municipalityCode);
  ctx.memo.set(key, offer);
  return offer;
}

function computeOffer(ctx: FlowContext, index: number, query: ChildQuery, municipalityCode: string): ChildOffer {
  const [answer] = route(ctx.snapshot.catalogueFor(municipalityCode), { municipalityCode, date: ctx.today, role: ctx.data.origin.role, children: [query], themes: [] });
  const all = answer!.themes.flatMap((g) => g.organisations.flatMap((o) => o.options));
  const online = (o: Option) => o.entry.rules.apply.mode === 'online' && o.via === null;
  return { index, options: all.filter(online), elsewhere: all.filter((o) => !online(o)), unavailable: answer!.unavailable };
}

function reasonFor(offer: ChildOffer, provisionId: string): Reason | null {
  return offer.unavailable.find((u) => u.entry.id === provisionId)?.reasons[0] ?? null;
}

// ---------------------------------------------------------------- step 1: what to ask for

export function choiceField(child: number): string {
  return `kies-${child}`;
}

export function parseChoice(ctx: FlowContext): StepResult<Chosen[]> {
  const errors: FieldErrors = {};
  const chosen: Chosen[] = [];
  const childCount = ctx.data.origin.children.length;
  for (const pick of ctx.data.choice) {
    const [indexText, provisionId] = pick.split(':');
    const index = Number(indexText);
    if (!Number.isInteger(index) || index < 0 || index >= childCount || !provisionId) continue;
    const offer = offerFor(ctx, index);
    const option = offer.options.find((o) => o.entry.id === provisionId);
    if (option) {
      chosen.push({ child: index, option });
      continue;
    }
    const entry = ctx.snapshot.catalogueFor(effectiveMunicipality(ctx)).find((e) => e.id === provisionId);
    errors[choiceField(index)] ??= entry ? { key: 'applications.choice.notAvailable', vars: { title: titleOf(entry, ctx.lang), n: index + 1 } } : { key: 'applications.choice.gone', vars: { n: index + 1 } };
  }
  if (chosen.length === 0 && Object.keys(errors).length === 0) errors[choiceField(0)] = { key: 'applications.choice.required' };
  // "Sport or culture, not both in one year": two of one group for one child at one organisation.
  for (const a of chosen) {
    const group = a.option.entry.rules.exclusiveGroup;
    if (!group) continue;
    const b = chosen.find((c) => c !== a && c.child === a.child && c.option.entry.organisation.id === a.option.entry.organisation.id && c.option.entry.rules.exclusiveGroup === group);
    if (b) errors[choiceField(a.child)] ??= { key: 'applications.choice.exclusive', vars: { a: titleOf(a.option.entry, ctx.lang), b: titleOf(b.option.entry, ctx.lang), n: a.child + 1 } };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: chosen };
}

// ---------------------------------------------------------------- step 2: who applies

export function parseApplicant(ctx: FlowContext, fallbackLanguage: Lang): StepResult<Applicant> {
  const raw = ctx.data.applicant;
  const errors: FieldErrors = {};
  const firstName = checkName(rawString(raw, 'first_name'), 'first_name', errors, 'applications.applicant.firstNameRequired', 'applications.errors.nameInvalid');
  const lastName = checkName(rawString(raw, 'last_name'), 'last_name', errors, 'applications.applicant.lastNameRequired', 'applications.errors.nameInvalid');
  const email = checkEmail(rawString(raw, 'email'), 'email', errors);
  const phone = checkPhone(rawString(raw, 'phone'), 'phone', errors);
  const languageRaw = rawString(raw, 'language', 5);
  const language = isLang(languageRaw) && PUBLIC_LANGUAGES.includes(languageRaw) ? languageRaw : fallbackLanguage;
  if (languageRaw && !(isLang(languageRaw) && PUBLIC_LANGUAGES.includes(languageRaw))) errors.language = { key: 'applications.applicant.languageInvalid' };
  let parent: Applicant['parent'] = null;
  if (ctx.data.origin.role === 'young') {
    const name = checkName(rawString(raw, 'parent_name'), 'parent_name', errors, 'applications.applicant.parentNameRequired', 'applications.errors.nameInvalid');
    const parentEmail = checkEmail(rawString(raw, 'parent_email'), 'parent_email', errors);
    if (!errors.parent_email && !errors.email && parentEmail === email) errors.parent_email = { key: 'applications.applicant.parentEmailSame' };
    const parentPhone = checkPhone(rawString(raw, 'parent_phone'), 'parent_phone', errors);
    parent = { name, email: parentEmail, phone: parentPhone };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { firstName, lastName, email, phone, language, parent } };
}

// ---------------------------------------------------------------- step 3: the household

export function needsIncome(entry: CatalogueEntry): boolean {
  return entry.rules.income.kind === 'norm' || entry.rules.requiredFields.includes('income');
}

export function requiredFieldsOf(entry: CatalogueEntry): string[] {
  return needsIncome(entry) ? [...new Set([...entry.rules.requiredFields, 'income'])] : entry.rules.requiredFields;
}

export function householdNeeds(chosen: readonly Chosen[]) {
  const needs = fieldsNeeded(chosen.flatMap((c) => requiredFieldsOf(c.option.entry)));
  return { address: needs.address, household: needs.household, income: needs.income };
}

/** The household step is asked only when a chosen provision needs an address, the household or the income. */
export function householdStepNeeded(chosen: readonly Chosen[]): boolean {
  const n = householdNeeds(chosen);
  return n.address || n.household || n.income;
}

function wholeNumber(value: string, field: string, errors: FieldErrors, min: number, max: number, requiredKey: string): number {
  if (!value) {
    errors[field] = { key: requiredKey };
    return 0;
  }
  if (!/^\d{1,3}$/.test(value) || Number(value) < min || Number(value) > max) errors[field] = { key: 'applications.errors.numberRange', vars: { min, max } };
  return Number(value);
}

export function parseHousehold(ctx: FlowContext, chosen: readonly Chosen[]): StepResult<HouseholdAnswers> {
  const raw = ctx.data.household;
  const needs = householdNeeds(chosen);
  const errors: FieldErrors = {};
  let address: Address | null = null;
  if (needs.address) {
    const postcodeRaw = rawString(raw, 'postcode', 20);
    const postcode = normalisePostcode(postcodeRaw);
    const houseNumber = rawString(raw, 'house_number', 10);
    const addition = rawString(raw, 'addition', 10);
    const street = rawString(raw, 'street', 200);
    const place = rawString(raw, 'place', 200);
    let municipalityCode = '';
    if (!postcodeRaw) errors.postcode = { key: 'applications.household.postcodeRequired' };
    else if (!postcode?.pc6) errors.postcode = { key: 'applications.household.postcodeInvalid' };
    else {
      const found = ctx.snapshot.lookupPostcode(postcode.pc6);
      if (found.kind === 'single') municipalityCode = found.municipality.code;
      else if (found.kind === 'split') {
        const picked = rawString(raw, 'gemeente', 10).toUpperCase();
        if (found.options.some((o) => o.code === picked)) municipalityCode = picked;
        else errors.gemeente = { key: 'applications.household.chooseMunicipality' };
      } else errors.postcode = { key: 'applications.household.postcodeUnknown' };
    }
    if (!houseNumber) errors.house_number = { key: 'applications.household.houseNumberRequired' };
    else if (!/^[1-9]\d{0,4}$/.test(houseNumber)) errors.house_number = { key: 'applications.household.houseNumberInvalid' };
    if (addition && !/^[\p{L}\p{N}][\p{L}\p{N} -]{0,5}$/u.test(addition)) errors.addition = { key: 'applications.household.additionInvalid' };
    if (!street) errors.street = { key: 'applications.household.streetRequired' };
    else if (street.length > 100 || !/\p{L}/u.test(street)) errors.street = { key: 'applications.household.streetInvalid' };
    if (!place) errors.place = { key: 'applications.household.placeRequired' };
    else if (place.length > 80 || !/\p{L}/u.test(place)) errors.place = { key: 'applications.household.placeInvalid' };
    if (municipalityCode && municipalityCode !== ctx.data.origin.municipalityCode) {
      // Moving the application to another municipality is fine as long as what was chosen exists there too.
      const missing = chosen.find((c) => !offerFor(ctx, c.child, childQuery(ctx, c.child), municipalityCode).options.some((o) => o.entry.id === c.option.entry.id));
      if (missing) errors.postcode = { key: 'applications.household.otherMunicipality', vars: { municipality: ctx.snapshot.municipality(municipalityCode)?.commonName ?? municipalityCode, title: titleOf(missing.option.entry, ctx.lang) } };
    }
    if (postcode?.pc6) address = { postcode: `${postcode.pc4} ${postcode.pc6.slice(4)}`, houseNumber, addition: addition ? addition.toUpperCase() : null, street, place, municipalityCode };
  }
  let household: Household | null = null;
  if (needs.household) {
    const adults = wholeNumber(rawString(raw, 'adults', 5), 'adults', errors, 1, 10, 'applications.household.adultsRequired');
    const children = wholeNumber(rawString(raw, 'children_count', 5), 'children_count', errors, 1, 20, 'applications.household.childrenRequired');
    const applyingFor = new Set(chosen.map((c) => c.child)).size;
    if (!errors.children_count && children < applyingFor) errors.children_count = { key: 'applications.household.childrenTooFew', vars: { count: applyingFor } };
    household = { adults, children };
  }
  let income: Income | null = null;
  if (needs.income) {
    const amountRaw = rawString(raw, 'income_monthly', 20);
    const cents = amountRaw ? parseEuros(amountRaw) : null;
    if (!amountRaw) errors.income_monthly = { key: 'applications.household.incomeRequired' };
    else if (cents === null || cents > 2_000_000) errors.income_monthly = { key: 'applications.household.incomeInvalid' };
    const sources = INCOME_SOURCES.filter((s) => rawList(raw, 'income_sources').includes(s));
    if (sources.length === 0) errors.income_sources = { key: 'applications.household.sourcesRequired' };
    const debt = rawString(raw, 'debt_help', 10);
    if (debt !== 'yes' && debt !== 'no' && debt !== 'unsaid') errors.debt_help = { key: 'applications.household.debtHelpRequired' };
    income = { monthlyNetCents: cents ?? 0, sources: sources as IncomeSource[], debtHelp: (debt || 'unsaid') as Income['debtHelp'] };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { address, household, income } };
}

// ---------------------------------------------------------------- step 4: the children

export function childFieldName(child: number, field: string): string {
  return `child-${child}-${field}`;
}

export function itemFieldName(child: number, provisionId: string, field: string): string {
  return `item-${child}-${provisionId}-${field}`;
}

/** Per child, the children step's questions: the child's own fields and, per chosen provision, the item's. */
export function childQuestions(chosen: readonly Chosen[]) {
  const byChild = new Map<number, Chosen[]>();
  for (const c of chosen) byChild.set(c.child, [...(byChild.get(c.child) ?? []), c]);
  return [...byChild.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, items]) => ({
      index,
      childFields: fieldsNeeded(items.flatMap((c) => c.option.entry.rules.requiredFields)).child,
      items: items.map((c) => ({ chosen: c, fields: fieldsNeeded(c.option.entry.rules.requiredFields).item })),
    }));
}

function parseChildField(field: ChildField, value: string, name: string, errors: FieldErrors): string | undefined {
  if (!value) {
    errors[name] = { key: `applications.children.fields.${field}.required` };
    return undefined;
  }
  switch (field) {
    case 'school_level':
      if (!(SCHOOL_LEVELS as readonly string[]).includes(value)) errors[name] = { key: 'applications.children.fields.school_level.required' };
      return value;
    case 'bsn':
      if (!isValidBsn(value)) errors[name] = { key: 'applications.children.fields.bsn.invalid' };
      return value.replace(/[\s.]/g, '');
    default:
      if (value.length > 100) errors[name] = { key: 'applications.errors.tooLong', vars: { max: 100 } };
      return value;
  }
}

function parseItemFields(fields: readonly ItemField[], raw: RawValues, child: number, provisionId: string, errors: FieldErrors): ItemDetails {
  const details: ItemDetails = {};
  const name = (f: string) => itemFieldName(child, provisionId, f);
  for (const field of fields) {
    const value = rawString(raw, name(field), 200);
    if (!value) {
      errors[name(field)] = { key: `applications.children.fields.${field}.required` };
      continue;
    }
    if (field === 'fee' || field === 'cost') {
      const cents = parseEuros(value);
      if (cents === null || cents === 0 || cents > 1_000_000) errors[name(field)] = { key: 'applications.errors.amountInvalid' };
      else details[field] = cents;
    } else if (field === 'club_iban') {
      if (!isValidIban(value)) errors[name(field)] = { key: 'applications.children.fields.club_iban.invalid' };
      else details.club_iban = normaliseIban(value);
    } else if (value.length > 120) errors[name(field)] = { key: 'applications.errors.tooLong', vars: { max: 120 } };
    else details[field] = value;
    if (field === 'club') {
      const contact = rawString(raw, name('club_contact'), 200);
      if (contact.length > 120) errors[name('club_contact')] = { key: 'applications.errors.tooLong', vars: { max: 120 } };
      details.clubContact = contact || null;
    }
  }
  return details;
}

export function parseChildren(ctx: FlowContext, chosen: readonly Chosen[], applicant: Applicant | null): StepResult<ChildAnswers[]> {
  const raw = ctx.data.children;
  const allErrors: FieldErrors = {};
  const young = ctx.data.origin.role === 'young';
  const municipalityCode = effectiveMunicipality(ctx);
  const out: ChildAnswers[] = [];
  for (const q of childQuestions(chosen)) {
    // Each child's messages say which child they are about ("Kind 2: …"); a young person's are about themself.
    const childErrors: FieldErrors = {};
    const errors = childErrors;
    const f = (field: string) => childFieldName(q.index, field);
    let firstName = applicant?.firstName ?? '';
    let lastName = applicant?.lastName ?? '';
    if (!young) {
      firstName = checkName(rawString(raw, f('first_name')), f('first_name'), errors, 'applications.children.firstNameRequired', 'applications.errors.nameInvalid');
      lastName = checkName(rawString(raw, f('last_name')), f('last_name'), errors, 'applications.children.lastNameRequired', 'applications.errors.nameInvalid');
    }
    const birth = parseBirthDate(rawString(raw, f('birth_date'), 20), ctx.today);
    let birthDate = '';
    if ('error' in birth) errors[f('birth_date')] = { key: young ? `${birth.error}Young` : birth.error };
    else {
      birthDate = birth.date;
      const age = ageOn(birthDate, ctx.today);
      if (young && (age < 12 || age > 17)) errors[f('birth_date')] = { key: 'applications.children.youngAge' };
      else {
        // The birth date may tell another age than the wizard was given: check every choice again.
        const offer = offerFor(ctx, q.index, { birthDate }, municipalityCode);
        const lost = q.items.find((i) => !offer.options.some((o) => o.entry.id === i.chosen.option.entry.id));
        if (lost) {
          const reason = reasonFor(offer, lost.chosen.option.entry.id);
          const byAge = reason?.code === 'age_min' || reason?.code === 'age_max';
          const { rules } = lost.chosen.option.entry;
          errors[f('birth_date')] = { key: byAge ? 'applications.children.notEligibleAge' : 'applications.children.notEligible', vars: { title: titleOf(lost.chosen.option.entry, ctx.lang), min: rules.age.min, max: rules.age.max } };
        }
      }
    }
    const details: ChildDetails = {};
    for (const field of q.childFields) {
      const value = parseChildField(field, rawString(raw, f(field), 200), f(field), errors);
      if (value !== undefined) (details as Record<string, string>)[field] = value;
    }
    if (details.school_level) details.school_level = details.school_level as SchoolLevel;
    const items = q.items.map((i) => ({ provisionId: i.chosen.option.entry.id, details: parseItemFields(i.fields, raw, q.index, i.chosen.option.entry.id, errors) }));
    out.push({ index: q.index, firstName, lastName, birthDate, details, items });
    for (const [name, message] of Object.entries(childErrors)) {
      allErrors[name] = young ? message : { key: 'applications.children.forChild', vars: { n: q.index + 1, message } };
    }
  }
  const errors = allErrors;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: out };
}

// ---------------------------------------------------------------- step 5: consent per organisation

export function planOrganisations(chosen: readonly Chosen[]): OrganisationPlan[] {
  const plans = new Map<string, OrganisationPlan>();
  for (const c of chosen) {
    const org = c.option.entry.organisation;
    let plan = plans.get(org.id);
    if (!plan) plans.set(org.id, (plan = { organisation: org, items: [], fields: [] }));
    plan.items.push(c);
    plan.fields = [...new Set([...plan.fields, ...requiredFieldsOf(c.option.entry)])];
  }
  return [...plans.values()].sort((a, b) => a.organisation.name.localeCompare(b.organisation.name, 'nl'));
}

export function consentField(organisationId: string): string {
  return `consent-${organisationId}`;
}

export function parseConsent(ctx: FlowContext, plans: readonly OrganisationPlan[]): StepResult<string[]> {
  const errors: FieldErrors = {};
  for (const plan of plans) {
    if (rawString(ctx.data.consent, consentField(plan.organisation.id), 10) !== 'yes') {
      errors[consentField(plan.organisation.id)] = { key: 'applications.consent.required', vars: { organisation: plan.organisation.name } };
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: plans.map((p) => p.organisation.id) };
}

// ---------------------------------------------------------------- the whole form

/** The steps this application has, in order: the household step only when something needs it. */
export function stepsFor(chosen: readonly Chosen[] | null): StepSlug[] {
  const withHousehold = chosen === null || householdStepNeeded(chosen);
  return ['keuze', 'aanvrager', ...(withHousehold ? (['huishouden'] as const) : []), 'kinderen', 'toestemming'];
}

export type Validation = { ok: true; application: ValidApplication } | { ok: false; step: StepSlug; errors: FieldErrors };

/** Every step checked in order, as the check page and the submit do: the first failing step with its messages, or the whole application. */
export function validateAll(ctx: FlowContext, fallbackLanguage: Lang): Validation {
  const choice = parseChoice(ctx);
  if (!choice.ok) return { ok: false, step: 'keuze', errors: choice.errors };
  const applicant = parseApplicant(ctx, fallbackLanguage);
  if (!applicant.ok) return { ok: false, step: 'aanvrager', errors: applicant.errors };
  const household = parseHousehold(ctx, choice.value);
  if (!household.ok) return { ok: false, step: 'huishouden', errors: household.errors };
  const children = parseChildren(ctx, choice.value, applicant.value);
  if (!children.ok) return { ok: false, step: 'kinderen', errors: children.errors };
  const organisations = planOrganisations(choice.value);
  const consent = parseConsent(ctx, organisations);
  if (!consent.ok) return { ok: false, step: 'toestemming', errors: consent.errors };
  return {
    ok: true,
    application: {
      municipalityCode: household.value.address?.municipalityCode ?? ctx.data.origin.municipalityCode,
      role: ctx.data.origin.role,
      chosen: choice.value,
      applicant: applicant.value,
      household: household.value,
      children: children.value,
      organisations,
    },
  };
}
