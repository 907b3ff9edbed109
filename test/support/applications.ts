import crypto from 'node:crypto';
import type { TestApp } from './app.ts';
import type { Snapshot } from '../../src/features/catalogue/cache.ts';
import { hashToken } from '../../src/core/auth/totp.ts';
import { todayInAmsterdam } from '../../src/features/wizard/today.ts';
import { emptyDraft, type DraftData } from '../../src/features/applications/drafts.ts';
import { childFieldName, consentField, itemFieldName, parseChoice, planOrganisations, validateAll, type FlowContext } from '../../src/features/applications/steps.ts';
import { submitApplication, type SubmitResult } from '../../src/features/applications/submit.ts';

/**
 * Test factory: a submitted application made through the same parsing and the same submit
 * transaction as the form, from a short description. Provisions are named by their Dutch title.
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
    place: 'Amersfoort',
    adults: '1',
    children_count: String(Math.max(2, spec.children.length)),
    income_monthly: '1650',
    income_sources: ['benefit'],
    debt_help: 'no',
  };
  const ctx: FlowContext = { snapshot, today, data, lang: 'nl' };
  const choice = parseChoice(ctx);
  if (!choice.ok) throw new Error(`factory choice invalid: ${JSON.stringify(choice.errors)}`);
  for (const plan of planOrganisations(choice.value)) data.consent[consentField(plan.organisation.id)] = 'yes';
  data.done = ['keuze', 'aanvrager', 'huishouden', 'kinderen', 'toestemming'];
  return { data, ctx };
}

export async function draftFor(t: TestApp, spec: ApplicationSpec): Promise<{ data: DraftData; ctx: FlowContext }> {
  return buildDraftData(await t.app.referenceCache.current(), spec, todayInAmsterdam());
}

/** Stores a draft row for the data and submits it; returns the submit result and the draft's token. */
export async function submitFor(t: TestApp, spec: ApplicationSpec): Promise<SubmitResult & { token: string }> {
  const { data, ctx } = await draftFor(t, spec);
  const validation = validateAll(ctx, 'nl');
  if (!validation.ok) throw new Error(`factory application invalid at ${validation.step}: ${JSON.stringify(validation.errors)}`);
  const token = crypto.randomBytes(32).toString('base64url');
  const draftId = hashToken(token);
  await t.database.db.insertInto('application_drafts').values({ id: draftId, data: JSON.stringify(data), expires_at: new Date(Date.now() + 86_400_000) }).execute();
  const result = await submitApplication(t.database.db, {
    draftId,
    application: validation.application,
    today: ctx.today,
    childKeySecret: t.config.childKeySecret,
    linkSecret: t.config.sessionSecret,
    publicUrl: t.config.publicUrl,
  });
  return { ...result, token };
}

/** A submitted application, or a thrown error saying why not. */
export async function createApplication(t: TestApp, spec: ApplicationSpec): Promise<{ applicationId: string; reference: string }> {
  const result = await submitFor(t, spec);
  if (result.kind !== 'submitted') throw new Error(`factory submit gave ${result.kind}`);
  return { applicationId: result.applicationId, reference: result.reference };
}
