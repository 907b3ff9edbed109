import { z } from 'zod';

/**
 * The rules of one provision, as a single document: validated here, frozen per version,
 * and read by the routing function. Amounts are in euro cents.
 */
export const APPLICANT_ROLES = ['parent', 'young', 'professional'] as const;
export type ApplicantRole = (typeof APPLICANT_ROLES)[number];

export const PERIODS = ['calendar_year', 'school_year', 'rolling_12_months', 'once_per_years'] as const;
export const DELIVERIES = ['supplier_invoice', 'professional_org', 'goods', 'voucher', 'webshop_budget'] as const;
export const PERSONAL_FIELDS = [
  'child_name', 'birth_date', 'address', 'household', 'income', 'school', 'school_level', 'class', 'club', 'activity', 'fee', 'club_iban', 'cost', 'clothing_size', 'bsn',
] as const;

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const text = (max: number) => z.string().trim().min(1, 'catalogue.validation.required').max(max, 'catalogue.validation.tooLong');
const cents = z.number().int().min(0, 'catalogue.validation.amount').max(10_000_000, 'catalogue.validation.amount');

export const RulesSchema = z
  .object({
    title: z.object({ nl: text(120), en: text(120) }),
    description: z.object({ nl: text(600), en: text(600) }),
    applicants: z.array(z.enum(APPLICANT_ROLES)).min(1, 'catalogue.validation.applicants'),
    age: z.object({
      min: z.number().int().min(0, 'catalogue.validation.age').max(25, 'catalogue.validation.age'),
      max: z.number().int().min(0, 'catalogue.validation.age').max(25, 'catalogue.validation.age'),
      referenceDate: z.string().regex(MONTH_DAY, 'catalogue.validation.monthDay').nullable(),
    }),
    income: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('none') }),
      z.object({ kind: z.literal('professional_judgement') }),
      z.object({ kind: z.literal('norm'), percent: z.number().int().min(100, 'catalogue.validation.percent').max(200, 'catalogue.validation.percent') }),
    ]),
    limits: z.object({
      maxAmount: cents.nullable(),
      amountsByAge: z.array(z.object({ minAge: z.number().int().min(0).max(25), maxAge: z.number().int().min(0).max(25), amount: cents })).max(6),
      extras: z.array(z.object({ label: z.object({ nl: text(80), en: text(80) }), maxAmount: cents })).max(4),
      period: z.enum(PERIODS),
      periodYears: z.number().int().min(1).max(10).nullable(),
      maxRequestsPerPeriod: z.number().int().min(1).max(50).nullable(),
    }),
    exclusiveGroup: z.string().trim().max(40).nullable(),
    capacity: z.number().int().min(1).max(10_000_000).nullable(),
    retroactive: z.boolean(),
    window: z.object({ from: z.string().regex(MONTH_DAY, 'catalogue.validation.monthDay'), until: z.string().regex(MONTH_DAY, 'catalogue.validation.monthDay') }).nullable(),
    handlingDays: z.number().int().min(1, 'catalogue.validation.days').max(365, 'catalogue.validation.days'),
    apply: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('online') }),
      z.object({
        mode: z.literal('external'),
        url: z.string().trim().regex(/^https?:\/\/\S+$/, 'catalogue.validation.url').max(300).nullable(),
        phone: z.string().trim().max(30).nullable(),
        address: z.string().trim().max(200).nullable(),
        hours: z.string().trim().max(200).nullable(),
      }),
    ]),
    requiredFields: z.array(z.enum(PERSONAL_FIELDS)),
    delivery: z.enum(DELIVERIES),
    checksMunicipalFirst: z.boolean(),
  })
  .superRefine((r, ctx) => {
    if (r.age.min > r.age.max) ctx.addIssue({ code: 'custom', path: ['age', 'max'], message: 'catalogue.validation.ageOrder' });
    if (r.limits.period === 'once_per_years' && !r.limits.periodYears) ctx.addIssue({ code: 'custom', path: ['limits', 'periodYears'], message: 'catalogue.validation.periodYears' });
    if (r.apply.mode === 'external' && !r.apply.url && !r.apply.phone && !r.apply.address) ctx.addIssue({ code: 'custom', path: ['apply', 'url'], message: 'catalogue.validation.externalContact' });
    for (const band of r.limits.amountsByAge) if (band.minAge > band.maxAge) ctx.addIssue({ code: 'custom', path: ['limits', 'amountsByAge'], message: 'catalogue.validation.ageOrder' });
  });

export type ProvisionRules = z.infer<typeof RulesSchema>;
