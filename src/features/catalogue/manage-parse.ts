import { THEMES, type Theme } from '../../core/db/schema.ts';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { asArray, str } from '../../core/http/forms.ts';
import { eurosInput, parseEuros } from '../../core/money.ts';
import { APPLICANT_ROLES, PERSONAL_FIELDS, RulesSchema, type ProvisionRules } from './rules.ts';

/**
 * The provision form is flat (one name per input); the rules are a nested document. This module
 * turns one into the other both ways and maps every validation message back onto the input it
 * belongs to, so that a coordinator sees it next to the field and in the summary.
 */
export const MAX_BANDS = 3;
export const MAX_EXTRAS = 2;

/** What a coordinator edits: the rules plus the two things kept beside them (theme and coverage). */
export interface ProvisionDraft {
  theme: Theme;
  rules: ProvisionRules;
  /** null: every municipality of the organisation; else this subset */
  municipalities: string[] | null;
}

export type FormValues = Record<string, unknown>;
export type ParseResult = { ok: true; draft: ProvisionDraft } | { ok: false; errors: FieldErrors };

const bandNames = (i: number) => [`band_${i}_min`, `band_${i}_max`, `band_${i}_amount`] as const;
const extraNames = (i: number) => [`extra_${i}_label_nl`, `extra_${i}_label_en`, `extra_${i}_amount`] as const;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Every input in the order the form shows them: the error summary follows this order. */
export const FIELD_ORDER: readonly string[] = [
  'theme', 'title_nl', 'title_en', 'description_nl', 'description_en', 'applicants', 'age_min', 'age_max', 'age_reference', 'income', 'income_percent',
  'max_amount', ...range(MAX_BANDS).flatMap(bandNames), ...range(MAX_EXTRAS).flatMap(extraNames), 'period', 'period_years', 'max_requests',
  'exclusive_group', 'capacity', 'retroactive', 'window_from', 'window_until', 'handling_days',
  'apply_mode', 'apply_url', 'apply_phone', 'apply_address', 'apply_hours', 'required_fields', 'delivery', 'checks_municipal_first', 'coverage', 'municipalities',
];

/** Falls back to a message per field when the schema's own message is not one of ours. */
const FALLBACK: Record<string, string> = {
  period: 'catalogueManage.validation.period',
  period_years: 'catalogueManage.validation.periodYearsRange',
  max_requests: 'catalogueManage.validation.maxRequests',
  capacity: 'catalogueManage.validation.capacity',
  exclusive_group: 'catalogueManage.validation.exclusiveGroup',
  delivery: 'catalogueManage.validation.delivery',
  applicants: 'catalogue.validation.applicants',
};

export function parseProvisionForm(body: unknown, organisationMunicipalities: ReadonlySet<string>): ParseResult {
  const v = (body && typeof body === 'object' ? body : {}) as FormValues;
  const errors: FieldErrors = {};
  const fail = (field: string, key: string) => void (errors[field] ??= { key });
  // PostgreSQL refuses NUL in text and jsonb: drop it rather than fail.
  const s = (name: string) => str(v, name).replaceAll('\u0000', '').trim();
  const opt = (name: string) => s(name) || null;
  // A value that could not be read becomes NaN: the schema then fails on the same field, whose message we already have.
  const int = (name: string, badKey: string, required: boolean): number | null => {
    const raw = s(name);
    if (raw === '') {
      if (required) fail(name, 'catalogue.validation.required');
      return required ? Number.NaN : null;
    }
    if (/^-?\d{1,9}$/.test(raw)) return Number(raw);
    fail(name, badKey);
    return Number.NaN;
  };
  const money = (name: string, required: boolean): number | null => {
    const raw = s(name);
    if (raw === '') {
      if (required) fail(name, 'catalogue.validation.required');
      return required ? Number.NaN : null;
    }
    const cents = parseEuros(raw);
    if (cents === null) fail(name, 'catalogue.validation.amount');
    return cents ?? Number.NaN;
  };
  const monthDay = (name: string): string | null => {
    const raw = s(name);
    if (raw === '') return null;
    const m = /^(\d{1,2})-(\d{1,2})$/.exec(raw);
    return m ? `${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}` : raw;
  };

  const theme = s('theme');
  if (!(THEMES as readonly string[]).includes(theme)) fail('theme', 'catalogueManage.validation.theme');

  const bandFields: number[] = [];
  const amountsByAge = range(MAX_BANDS).flatMap((i) => {
    const [min, max, amount] = bandNames(i);
    if (!s(min) && !s(max) && !s(amount)) return [];
    bandFields.push(i);
    return [{ minAge: int(min, 'catalogue.validation.age', true), maxAge: int(max, 'catalogue.validation.age', true), amount: money(amount, true) }];
  });
  const extraFields: number[] = [];
  const extras = range(MAX_EXTRAS).flatMap((i) => {
    const [nl, en, amount] = extraNames(i);
    if (!s(nl) && !s(en) && !s(amount)) return [];
    extraFields.push(i);
    return [{ label: { nl: s(nl), en: s(en) }, maxAmount: money(amount, true) }];
  });

  const incomeKind = s('income');
  let income: unknown = { kind: incomeKind };
  if (incomeKind === 'norm') income = { kind: 'norm', percent: int('income_percent', 'catalogue.validation.percent', true) };
  else if (incomeKind !== 'none' && incomeKind !== 'professional_judgement') fail('income', 'catalogueManage.validation.income');

  const mode = s('apply_mode');
  let apply: unknown = { mode: 'online' };
  if (mode === 'external') apply = { mode, url: opt('apply_url'), phone: opt('apply_phone'), address: opt('apply_address'), hours: opt('apply_hours') };
  else if (mode !== 'online') fail('apply_mode', 'catalogueManage.validation.applyMode');

  const retroactive = s('retroactive');
  if (retroactive !== 'yes' && retroactive !== 'no') fail('retroactive', 'catalogueManage.validation.retroactive');

  const from = monthDay('window_from');
  const until = monthDay('window_until');
  if (from && !until) fail('window_until', 'catalogueManage.validation.windowBoth');
  if (until && !from) fail('window_from', 'catalogueManage.validation.windowBoth');

  const period = s('period');
  const doc = {
    title: { nl: s('title_nl'), en: s('title_en') },
    description: { nl: s('description_nl'), en: s('description_en') },
    applicants: APPLICANT_ROLES.filter((r) => asArray(v.applicants).includes(r)),
    age: { min: int('age_min', 'catalogue.validation.age', true), max: int('age_max', 'catalogue.validation.age', true), referenceDate: monthDay('age_reference') },
    income,
    limits: {
      maxAmount: money('max_amount', false),
      amountsByAge,
      extras,
      period,
      periodYears: period === 'once_per_years' ? int('period_years', 'catalogueManage.validation.periodYearsRange', false) : null,
      maxRequestsPerPeriod: int('max_requests', 'catalogueManage.validation.maxRequests', false),
    },
    exclusiveGroup: opt('exclusive_group'),
    capacity: int('capacity', 'catalogueManage.validation.capacity', false),
    retroactive: retroactive === 'yes',
    window: from || until ? { from: from ?? '', until: until ?? '' } : null,
    handlingDays: int('handling_days', 'catalogue.validation.days', true),
    apply,
    requiredFields: PERSONAL_FIELDS.filter((f) => asArray(v.required_fields).includes(f)),
    delivery: s('delivery'),
    checksMunicipalFirst: asArray(v.checks_municipal_first).includes('yes'),
  };

  let municipalities: string[] | null = null;
  const coverage = s('coverage');
  if (coverage === 'some') {
    municipalities = [...new Set(asArray(v.municipalities))].filter((c) => organisationMunicipalities.has(c)).sort();
    if (municipalities.length === 0) fail('municipalities', 'catalogueManage.validation.municipalities');
  } else if (coverage !== 'all') fail('coverage', 'catalogueManage.validation.coverage');

  // The schema's cross-field checks only run once every field is valid; these give their messages at once.
  const age = doc.age;
  if (age.min !== null && age.max !== null && age.min > age.max) fail('age_max', 'catalogue.validation.ageOrder');
  amountsByAge.forEach((b, i) => {
    if (b.minAge !== null && b.maxAge !== null && b.minAge > b.maxAge) fail(`band_${bandFields[i]}_max`, 'catalogue.validation.ageOrder');
  });
  if (period === 'once_per_years' && doc.limits.periodYears === null) fail('period_years', 'catalogue.validation.periodYears');
  if (mode === 'external' && !opt('apply_url') && !opt('apply_phone') && !opt('apply_address')) fail('apply_url', 'catalogue.validation.externalContact');

  const result = RulesSchema.safeParse(doc);
  if (!result.success) {
    const badBand = amountsByAge.findIndex((b) => b.minAge !== null && b.maxAge !== null && b.minAge > b.maxAge);
    for (const issue of result.error.issues) {
      const field = fieldFor(issue.path.map(String), bandFields, extraFields, Math.max(badBand, 0));
      fail(field, keyFor(issue, field));
    }
  }
  if (Object.keys(errors).length > 0 || !result.success) return { ok: false, errors: ordered(errors) };
  return { ok: true, draft: { theme: theme as Theme, rules: result.data, municipalities } };
}

function fieldFor(path: string[], bandFields: number[], extraFields: number[], badBand: number): string {
  const [a, b, c, d, e] = path;
  switch (a) {
    case 'title':
    case 'description':
      return `${a}_${b === 'en' ? 'en' : 'nl'}`;
    case 'age':
      return b === 'min' ? 'age_min' : b === 'referenceDate' ? 'age_reference' : 'age_max';
    case 'income':
      return b === 'percent' ? 'income_percent' : 'income';
    case 'limits':
      if (b === 'amountsByAge') return `band_${bandFields[c === undefined ? badBand : Number(c)] ?? 0}_${d === 'minAge' ? 'min' : d === 'amount' ? 'amount' : 'max'}`;
      if (b === 'extras') return d === 'label' ? `extra_${extraFields[Number(c)] ?? 0}_label_${e === 'en' ? 'en' : 'nl'}` : `extra_${extraFields[Number(c)] ?? 0}_amount`;
      return ({ period: 'period', periodYears: 'period_years', maxRequestsPerPeriod: 'max_requests' } as Record<string, string>)[b ?? ''] ?? 'max_amount';
    case 'window':
      return b === 'until' ? 'window_until' : 'window_from';
    case 'apply':
      return b === undefined || b === 'mode' ? 'apply_mode' : `apply_${b}`;
    default:
      return (
        ({ applicants: 'applicants', exclusiveGroup: 'exclusive_group', capacity: 'capacity', retroactive: 'retroactive', handlingDays: 'handling_days', requiredFields: 'required_fields', delivery: 'delivery', checksMunicipalFirst: 'checks_municipal_first' } as Record<string, string>)[a ?? ''] ?? 'theme'
      );
  }
}

function keyFor(issue: { message: string; code: string }, field: string): string {
  if (issue.message.startsWith('catalogue.')) return issue.message;
  if (issue.code === 'too_big' && (issue as { origin?: string }).origin === 'string') return 'catalogue.validation.tooLong';
  if (/^band_\d+_(min|max)$/.test(field)) return 'catalogue.validation.age';
  if (field.endsWith('_amount')) return 'catalogue.validation.amount';
  return FALLBACK[field] ?? 'validation.invalid';
}

function ordered(errors: FieldErrors): FieldErrors {
  const rank = (k: string) => (FIELD_ORDER.includes(k) ? FIELD_ORDER.indexOf(k) : FIELD_ORDER.length);
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

/** The flat form values for a draft, to fill the edit form. */
export function draftToForm(draft: ProvisionDraft): FormValues {
  const r = draft.rules;
  const values: FormValues = {
    theme: draft.theme,
    title_nl: r.title.nl, title_en: r.title.en, description_nl: r.description.nl, description_en: r.description.en,
    applicants: [...r.applicants],
    age_min: String(r.age.min), age_max: String(r.age.max), age_reference: r.age.referenceDate ?? '',
    income: r.income.kind, income_percent: r.income.kind === 'norm' ? String(r.income.percent) : '',
    max_amount: eurosInput(r.limits.maxAmount),
    period: r.limits.period, period_years: r.limits.periodYears?.toString() ?? '', max_requests: r.limits.maxRequestsPerPeriod?.toString() ?? '',
    exclusive_group: r.exclusiveGroup ?? '', capacity: r.capacity?.toString() ?? '', retroactive: r.retroactive ? 'yes' : 'no',
    window_from: r.window?.from ?? '', window_until: r.window?.until ?? '', handling_days: String(r.handlingDays),
    apply_mode: r.apply.mode,
    required_fields: [...r.requiredFields], delivery: r.delivery, checks_municipal_first: r.checksMunicipalFirst ? ['yes'] : [],
    coverage: draft.municipalities ? 'some' : 'all', municipalities: draft.municipalities ?? [],
  };
  r.limits.amountsByAge.slice(0, MAX_BANDS).forEach((b, i) => Object.assign(values, { [`band_${i}_min`]: String(b.minAge), [`band_${i}_max`]: String(b.maxAge), [`band_${i}_amount`]: eurosInput(b.amount) }));
  r.limits.extras.slice(0, MAX_EXTRAS).forEach((x, i) => Object.assign(values, { [`extra_${i}_label_nl`]: x.label.nl, [`extra_${i}_label_en`]: x.label.en, [`extra_${i}_amount`]: eurosInput(x.maxAmount) }));
  if (r.apply.mode === 'external') Object.assign(values, { apply_url: r.apply.url ?? '', apply_phone: r.apply.phone ?? '', apply_address: r.apply.address ?? '', apply_hours: r.apply.hours ?? '' });
  return values;
}

/** Sensible starting values for a new provision. */
export function newProvisionValues(): FormValues {
  return { applicants: ['parent'], income: 'none', period: 'calendar_year', retroactive: 'no', handling_days: '21', apply_mode: 'online', delivery: 'supplier_invoice', coverage: 'all', required_fields: ['child_name', 'birth_date', 'address'] };
}
