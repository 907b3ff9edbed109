import type { VNode } from 'preact';
import type { PageContext } from '../../core/layout/Layout.tsx';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import type { Lang } from '../../core/i18n/index.ts';
import { normalisePostcode } from '../refdata/postcode.ts';
import { ageOn } from '../catalogue/routing.ts';
import type { Draft, DraftData, StepSlug } from './drafts.ts';
import {
  childQuestions, childQuery, householdNeeds, needsIncome, parseApplicant, parseChildren, parseConsent, parseHousehold, planOrganisations, rawString, toRaw,
  type Chosen, type FlowContext, type StepResult,
} from './steps.ts';
import { PARENT_CONSENT_BELOW } from './submit.ts';
import { ApplicantStep, HouseholdStep, type HouseholdView } from './views-steps.tsx';
import { ChildrenStep, ConsentStep } from './views-children.tsx';

/**
 * The steps after the choice, as data (after DEFRA's forms engine): which draft section a step
 * writes, which posted names it keeps, how it parses and how it renders. The routes are the same
 * for every step.
 */
export interface StepState {
  draft: Draft;
  ctx: FlowContext;
  chosen: Chosen[];
  steps: StepSlug[];
  toCheck: boolean;
}

export interface StepPage {
  slug: Exclude<StepSlug, 'keuze'>;
  store(data: DraftData, body: unknown): void;
  parse(state: StepState, lang: Lang): StepResult<unknown>;
  render(ctx: PageContext, state: StepState, errors: FieldErrors, back: string): VNode;
}

const APPLICANT_FIELDS = new Set(['first_name', 'last_name', 'email', 'phone', 'language', 'parent_name', 'parent_email', 'parent_phone']);
const HOUSEHOLD_FIELDS = new Set(['postcode', 'house_number', 'addition', 'street', 'place', 'gemeente', 'adults', 'children_count', 'income_monthly', 'income_sources', 'debt_help']);
const CHILD_FIELD = /^(child-\d-[a-z_]+|item-\d-[0-9a-f-]{36}-[a-z_]+)$/;
const CONSENT_FIELD = /^consent-[0-9a-f-]{36}$/;

function householdView(state: StepState): HouseholdView {
  const needs = householdNeeds(state.chosen);
  const incomeOrganisations = [...new Set(state.chosen.filter((c) => needsIncome(c.option.entry)).map((c) => c.option.entry.organisation.name))];
  const postcode = normalisePostcode(rawString(state.draft.data.household, 'postcode', 20));
  const found = postcode?.pc6 ? state.ctx.snapshot.lookupPostcode(postcode.pc6) : null;
  return {
    ...needs,
    incomeOrganisations,
    municipality: found?.kind === 'single' ? found.municipality : null,
    split: found?.kind === 'split' ? found.options.map(({ share: _s, ...m }) => m) : null,
  };
}

/** A young person's own age: from the birth date typed, else from the wizard. */
function youngAge(state: StepState): number {
  const q = childQuery(state.ctx, 0);
  return q.birthDate ? ageOn(q.birthDate, state.ctx.today) : (q.age ?? 0);
}

export const STEP_PAGES: StepPage[] = [
  {
    slug: 'aanvrager',
    store: (data, body) => void (data.applicant = toRaw(body, (k) => APPLICANT_FIELDS.has(k))),
    parse: (s, lang) => parseApplicant(s.ctx, lang),
    render: (ctx, s, errors, back) => <ApplicantStepPage ctx={ctx} s={s} errors={errors} back={back} />,
  },
  {
    slug: 'huishouden',
    store: (data, body) => void (data.household = toRaw(body, (k) => HOUSEHOLD_FIELDS.has(k))),
    parse: (s) => parseHousehold(s.ctx, s.chosen),
    render: (ctx, s, errors, back) => <HouseholdStep ctx={ctx} steps={s.steps} raw={s.draft.data.household} errors={errors} view={householdView(s)} back={back} toCheck={s.toCheck} />,
  },
  {
    slug: 'kinderen',
    store: (data, body) => void (data.children = toRaw(body, (k) => CHILD_FIELD.test(k))),
    parse: (s, lang) => {
      const applicant = parseApplicant(s.ctx, lang);
      return parseChildren(s.ctx, s.chosen, applicant.ok ? applicant.value : null);
    },
    render: (ctx, s, errors, back) => {
      const children = childQuestions(s.chosen).map((q) => {
        const origin = s.ctx.data.origin.children[q.index];
        const age = origin?.birthDate ? ageOn(origin.birthDate, s.ctx.today) : (origin?.age ?? null);
        return { ...q, age };
      });
      return <ChildrenStep ctx={ctx} steps={s.steps} raw={s.draft.data.children} errors={errors} children={children} young={s.ctx.data.origin.role === 'young'} back={back} toCheck={s.toCheck} />;
    },
  },
  {
    slug: 'toestemming',
    store: (data, body) => void (data.consent = toRaw(body, (k) => CONSENT_FIELD.test(k))),
    parse: (s) => parseConsent(s.ctx, planOrganisations(s.chosen)),
    render: (ctx, s, errors, back) => {
      const young = s.ctx.data.origin.role === 'young';
      const names = new Map<number, string>();
      for (const c of s.chosen) {
        const name = young ? rawString(s.ctx.data.applicant, 'first_name', 100) : rawString(s.ctx.data.children, `child-${c.child}-first_name`, 100);
        if (name) names.set(c.child, name);
      }
      return (
        <ConsentStep
          ctx={ctx}
          steps={s.steps}
          raw={s.draft.data.consent}
          errors={errors}
          plans={planOrganisations(s.chosen)}
          childNames={names}
          young={young}
          parentNeeded={young && youngAge(s) < PARENT_CONSENT_BELOW}
          back={back}
          toCheck={s.toCheck}
        />
      );
    },
  },
];

function ApplicantStepPage({ ctx, s, errors }: { ctx: PageContext; s: StepState; errors: FieldErrors; back: string }) {
  return <ApplicantStep ctx={ctx} steps={s.steps} raw={s.draft.data.applicant} errors={errors} young={s.ctx.data.origin.role === 'young'} toCheck={s.toCheck} />;
}
