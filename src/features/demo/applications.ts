import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import { hashToken } from '../../core/auth/totp.ts';
import { ReferenceCache, type Snapshot } from '../catalogue/cache.ts';
import { todayInAmsterdam } from '../wizard/today.ts';
import { emptyDraft, type DraftData } from '../applications/drafts.ts';
import { childFieldName, consentField, itemFieldName, parseChoice, planOrganisations, validateAll, type FlowContext } from '../applications/steps.ts';
import { submitApplication, type SubmitResult } from '../applications/submit.ts';
import { assignCase, grantItem, planVisit, recordDelivery, rejectItem, startItem, type Who } from '../cases/actions.ts';
import { amsterdamInstant, addDays } from '../cases/dates.ts';

/**
 * Applications as a family would fill them in, from a short description: the same draft, the
 * same parsing and the same submit as the online form. Used by the tests' factory, the benchmark
 * and the demo data, so that all three make applications the way families do.
 */
export interface ChildSpec {
  firstName: string;
  lastName: string;
  birthDate: string;
  provisions: string[];
  /** extra answers for the children step, by field (school, club_iban, fee …); applies to every provision of the child */
  answers?: Record<string, string>;
}

export interface ApplicationSpec {
  municipalityCode?: string;
  role?: 'parent' | 'young';
  firstName?: string;
  lastName?: string;
  email?: string;
  language?: string;
  parent?: { name: string; email: string };
  postcode?: string;
  place?: string;
  children: ChildSpec[];
}

const DEFAULT_ANSWERS: Record<string, string> = {
  school: 'De Regenboog',
  school_level: 'primary',
  class: 'groep 6',
  clothing_size: '134/140',
  club: 'VV Amersfoort',
  activity: 'voetbal',
  fee: '180',
  club_iban: 'NL91ABNA0417164300',
  cost: '45',
};

/** The draft an applicant would have filled in for the spec, with consent for every organisation reached. */
export function buildDraftData(snapshot: Snapshot, spec: ApplicationSpec, today: string): { data: DraftData; ctx: FlowContext } {
  const municipalityCode = spec.municipalityCode ?? 'GM0307';
  const catalogue = snapshot.catalogueFor(municipalityCode);
  const data = emptyDraft({ municipalityCode, role: spec.role ?? 'parent', children: spec.children.map((c) => ({ birthDate: c.birthDate })), wizard: '' });
  spec.children.forEach((child, i) => {
    const answers = { ...DEFAULT_ANSWERS, ...child.answers };
    for (const title of child.provisions) {
      const entry = catalogue.find((e) => e.rules.title.nl === title);
      if (!entry) throw new Error(`no provision "${title}" in ${municipalityCode}`);
      data.choice.push(`${i}:${entry.id}`);
      for (const [field, value] of Object.entries(answers)) data.children[itemFieldName(i, entry.id, field)] = value;
    }
    data.children[childFieldName(i, 'first_name')] = child.firstName;
    data.children[childFieldName(i, 'last_name')] = child.lastName;
    data.children[childFieldName(i, 'birth_date')] = child.birthDate;
    for (const [field, value] of Object.entries(answers)) data.children[childFieldName(i, field)] = value;
  });
  data.applicant = {
    first_name: spec.firstName ?? 'Fatima',
    last_name: spec.lastName ?? 'El Idrissi',
    email: spec.email ?? `ouder-${crypto.randomBytes(4).toString('hex')}@example.nl`,
    phone: '06 12345678',
    language: spec.language ?? 'nl',
    ...(spec.parent ? { parent_name: spec.parent.name, parent_email: spec.parent.email } : {}),
  };
  data.household = {
    postcode: spec.postcode ?? '3811 AB',
    house_number: '12',
    street: 'Langestraat',
    place: spec.place ?? 'Amersfoort',
    adults: '1',
    children_count: String(Math.max(2, spec.children.length)),
    income_monthly: '1650',
    income_sources: ['benefit'],
    debt_help: 'no',
  };
  const ctx: FlowContext = { snapshot, today, data, lang: 'nl' };
  const choice = parseChoice(ctx);
  if (!choice.ok) throw new Error(`application choice invalid: ${JSON.stringify(choice.errors)}`);
  for (const plan of planOrganisations(choice.value)) data.consent[consentField(plan.organisation.id)] = 'yes';
  data.done = ['keuze', 'aanvrager', 'huishouden', 'kinderen', 'toestemming'];
  return { data, ctx };
}

export interface SubmitSecrets {
  childKeySecret: string;
  linkSecret: string;
  publicUrl: string;
}

/** Stores a draft row for the spec and submits it, as the form's last step does; returns the result and the draft's token. */
export async function submitSpec(db: Db, snapshot: Snapshot, spec: ApplicationSpec, secrets: SubmitSecrets, now = new Date()): Promise<SubmitResult & { token: string }> {
  const { data, ctx } = buildDraftData(snapshot, spec, todayInAmsterdam(now));
  const validation = validateAll(ctx, 'nl');
  if (!validation.ok) throw new Error(`application invalid at ${validation.step}: ${JSON.stringify(validation.errors)}`);
  const token = crypto.randomBytes(32).toString('base64url');
  const draftId = hashToken(token);
  await db.insertInto('application_drafts').values({ id: draftId, data: JSON.stringify(data), expires_at: new Date(now.getTime() + 86_400_000) }).execute();
  const result = await submitApplication(db, { draftId, application: validation.application, today: ctx.today, now, ...secrets });
  return { ...result, token };
}

// ---------------------------------------------------------------- demo families

const DEMO_MAIL = '@gezin.demo';
const DAY = 86_400_000;

/** A birth date about `years` old, shifted by a few days so that no two demo children share one. */
function born(years: number, days: number, today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - 40 - days);
  return d.toISOString().slice(0, 10);
}

/**
 * A filled back office for `npm start`: several families in several states at Leergeld Eemland
 * (new, a house visit planned, overdue, granted and waiting for payment, paid, rejected) and at
 * Jarige Job. Made through the real submit and the real back-office steps; their mails are not
 * sent, as these families do not exist.
 */
export async function seedDemoApplications(db: Db, secrets: SubmitSecrets): Promise<number> {
  const snapshot = await new ReferenceCache(db).current();
  const today = todayInAmsterdam();
  const staff = await db
    .selectFrom('users')
    .select(['id', 'email', 'organisation_id', 'role'])
    .where('email', 'in', ['coordinator@leergeld-eemland.demo', 'behandelaar@leergeld-eemland.demo', 'vrijwilliger@leergeld-eemland.demo', 'financien@leergeld-eemland.demo'])
    .execute();
  const by = (role: string) => staff.find((s) => s.role === role)!;
  const who = (role: string): Who => {
    const s = by(role);
    return { userId: s.id, organisationId: s.organisation_id!, audit: { userId: s.id, email: s.email, ip: null } };
  };
  const links = { linkSecret: secrets.linkSecret, publicUrl: secrets.publicUrl };

  async function family(spec: ApplicationSpec, daysAgo = 0) {
    const result = await submitSpec(db, snapshot, spec, secrets, new Date(Date.now() - daysAgo * DAY));
    if (result.kind !== 'submitted') throw new Error(`demo application gave ${result.kind}`);
    const leergeld = await db.selectFrom('cases').select('id').where('application_id', '=', result.applicationId).where('organisation_id', '=', by('coordinator').organisation_id).executeTakeFirst();
    const items = leergeld ? await db.selectFrom('case_items').select('id').where('case_id', '=', leergeld.id).orderBy('created_at').orderBy('id').execute() : [];
    return { caseId: leergeld?.id ?? null, items: items.map((i) => i.id) };
  }

  // New, for two organisations: Leergeld (school trip, bicycle) and Jarige Job (birthday box).
  await family({ firstName: 'Ayşe', lastName: 'Yılmaz', email: `fam.yilmaz${DEMO_MAIL}`, children: [
    { firstName: 'Elif', lastName: 'Yılmaz', birthDate: born(9, 3, today), provisions: ['Schoolreis en excursies', 'Verjaardagsbox'], answers: { cost: '65' } },
    { firstName: 'Emre', lastName: 'Yılmaz', birthDate: born(13, 11, today), provisions: ['Fiets'], answers: { school: 'Het Element' } },
  ] });
  // A house visit planned with the volunteer, in Leusden.
  const visit = await family({ firstName: 'Joyce', lastName: 'Hoekstra', email: `fam.hoekstra${DEMO_MAIL}`, postcode: '3831 AB', place: 'Leusden', municipalityCode: 'GM0327', children: [
    { firstName: 'Fenna', lastName: 'Hoekstra', birthDate: born(7, 5, today), provisions: ['Zwemles (A- en B-diploma)'], answers: { club: 'Zwembad De Vallei', cost: '395' } },
  ] }, 3);
  await assignCase(db, who('case_handler'), visit.caseId!, by('case_handler').id);
  await planVisit(db, who('case_handler'), visit.caseId!, { kind: 'house_visit', day: addDays(today, 4), plannedAt: amsterdamInstant(addDays(today, 4), [10, 30]), volunteerId: by('volunteer').id }, links);
  // Past its handling time: applied for six weeks ago, in Soest, being handled.
  const late = await family({ firstName: 'Ravi', lastName: 'Mahabier', email: `fam.mahabier${DEMO_MAIL}`, postcode: '3761 AB', place: 'Soest', municipalityCode: 'GM0342', children: [
    { firstName: 'Jayden', lastName: 'Mahabier', birthDate: born(12, 17, today), provisions: ['Schoolreis en excursies'], answers: { cost: '240', school: 'Griftland College', class: '1B' } },
  ] }, 40);
  await startItem(db, who('case_handler'), late.caseId!, late.items[0]!, false);
  // Granted, not yet paid.
  const granted = await family({ firstName: 'Marloes', lastName: 'Verbeek', email: `fam.verbeek${DEMO_MAIL}`, children: [
    { firstName: 'Noor', lastName: 'Verbeek', birthDate: born(10, 23, today), provisions: ['Ouderbijdrage en schoolspullen'], answers: { cost: '150' } },
  ] }, 10);
  await grantItem(db, who('coordinator'), granted.caseId!, granted.items[0]!, { amountCents: 12000, note: 'Wij betalen de ouderbijdrage en de gymkleren, niet de schooltas.', partial: true, aboveMaximum: false, overBudget: false, budgetId: null }, false);
  // Granted and paid to the school: closed.
  const paid = await family({ firstName: 'Hatice', lastName: 'Öztürk', email: `fam.ozturk${DEMO_MAIL}`, children: [
    { firstName: 'Yusuf', lastName: 'Öztürk', birthDate: born(8, 29, today), provisions: ['Schoolreis en excursies'], answers: { cost: '85' } },
  ] }, 20);
  await grantItem(db, who('coordinator'), paid.caseId!, paid.items[0]!, { amountCents: 8500, note: null, partial: false, aboveMaximum: false, overBudget: false, budgetId: null }, false);
  await recordDelivery(db, who('finance'), paid.caseId!, paid.items[0]!, { kind: 'payment', payeeName: 'Basisschool De Regenboog', iban: 'NL91ABNA0417164300', amountCents: 8500, paidOn: addDays(today, -2), reference: 'Schoolreis groep 5', description: null }, false);
  // Rejected: the municipality's scheme pays first.
  const rejected = await family({ firstName: 'Lotte', lastName: 'Kramer', email: `fam.kramer${DEMO_MAIL}`, children: [
    { firstName: 'Pien', lastName: 'Kramer', birthDate: born(6, 31, today), provisions: ['Ouderbijdrage en schoolspullen'], answers: { cost: '60' } },
  ] }, 15);
  await rejectItem(db, who('case_handler'), rejected.caseId!, rejected.items[0]!, 'other_provision_first', 'Vraag de Schoolkostenregeling Amersfoort aan; bel ons als u hulp wilt.', false);
  // Only for Jarige Job.
  await family({ firstName: 'Sandra', lastName: 'Mulder', email: `fam.mulder${DEMO_MAIL}`, children: [
    { firstName: 'Daan', lastName: 'Mulder', birthDate: born(6, 2, today), provisions: ['Verjaardagsbox'] },
  ] }, 1);

  // The demo families do not exist: nothing is mailed to them.
  await sql`delete from jobs where queue = 'mail.send' and payload->>'mailId' in (select id::text from outbound_mails where to_address like ${`%${DEMO_MAIL}`})`.execute(db);
  await db.deleteFrom('outbound_mails').where('to_address', 'like', `%${DEMO_MAIL}`).execute();
  return 7;
}
