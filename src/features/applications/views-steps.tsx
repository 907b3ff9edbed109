import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { CsrfField, Layout, type PageContext } from '../../core/layout/Layout.tsx';
import { CheckboxGroup, ErrorSummary, Fieldset, RadioGroup, SelectField, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { LANGUAGES, PUBLIC_LANGUAGES } from '../../core/i18n/index.ts';
import { euros } from '../../core/money.ts';
import type { MunicipalityRef } from '../refdata/postcode.ts';
import type { Option } from '../catalogue/routing.ts';
import type { RawValues, StepSlug } from './drafts.ts';
import { INCOME_SOURCES } from './fields.ts';
import { choiceField, rawList, rawString, type ChildOffer, type Chosen } from './steps.ts';

export const FLOW_BASE = '/aanvragen';
export const stepPath = (slug: StepSlug | 'controleren') => `${FLOW_BASE}/${slug}`;

/**
 * Where the form is being filled in: the public form, or the back office's copy of it for a family
 * at a walk-in hour or on the phone (src/features/cases/intake-routes.tsx), which posts to its own
 * address, has no "continue later" and shows a note to the staff member above every step.
 */
export interface FlowPlaceValue {
  base: string;
  later: boolean;
  note?: ComponentChildren;
  /** where the wizard's links (back to the result, change the children) go instead */
  start?: string;
}
export const FlowPlace = createContext<FlowPlaceValue>({ base: FLOW_BASE, later: true });

/** A path of the form, at the place it is being filled in. */
export function usePlacePath(): (path: string) => string {
  const place = useContext(FlowPlace);
  return (path) => {
    if (place.start && path.startsWith('/wizard/')) return place.start;
    return path.startsWith(`${FLOW_BASE}/`) ? place.base + path.slice(FLOW_BASE.length) : path;
  };
}

/** Provision texts exist in Dutch and English; other languages show English, marked as such (WCAG 3.1.2). */
export function provisionText(ctx: PageContext, value: { nl: string; en: string }): { text: string; lang: string | undefined } {
  if (ctx.lang === 'nl') return { text: value.nl, lang: undefined };
  return { text: value.en, lang: ctx.lang === 'en' ? undefined : 'en' };
}

export interface StepShellProps {
  ctx: PageContext;
  slug: StepSlug;
  steps: StepSlug[];
  title: string;
  errors: FieldErrors;
  back: string;
  /** the form returns to the check page after saving */
  toCheck: boolean;
  children: ComponentChildren;
  intro?: ComponentChildren;
  hidden?: Array<[string, string]>;
}

/** One page of the application form: progress, back link, error summary, the form with "next" and "continue later". */
export function StepShell({ ctx, slug, steps, title, errors, back, toCheck, children, intro, hidden }: StepShellProps) {
  const { t } = ctx;
  const place = useContext(FlowPlace);
  const at = usePlacePath();
  const n = steps.indexOf(slug) + 1;
  const total = steps.length + 1;
  const progress = t('applications.progress', { step: n, total });
  return (
    <Layout ctx={ctx} title={`${title} (${progress}) – ${t('applications.title')}`} hasErrors={Object.keys(errors).length > 0}>
      <a class="utrecht-link kansrijk-back" href={at(back)}>
        {t('applications.back')}
      </a>
      <p class="kansrijk-progress">{progress}</p>
      <h1 class="utrecht-heading-1">{title}</h1>
      {place.note}
      {intro}
      <ErrorSummary errors={errors} t={t} />
      <form method="post" action={`${at(stepPath(slug))}${toCheck ? '?terug=controleren' : ''}`} novalidate class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        {(hidden ?? []).map(([k, v]) => (
          <input type="hidden" name={k} value={v} key={k} />
        ))}
        {children}
        <div class="kansrijk-button-row">
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            {toCheck ? t('applications.backToCheck') : t('applications.next')}
          </button>
          {place.later ? (
            <button type="submit" name="actie" value="later" class="utrecht-button utrecht-button--secondary-action">
              {t('applications.laterButton')}
            </button>
          ) : null}
        </div>
      </form>
    </Layout>
  );
}

function optionHint(ctx: PageContext, o: Option): ComponentChildren {
  const { t } = ctx;
  const parts: string[] = [];
  if (o.maxAmount !== null) {
    const period = t(`catalogue.periods.${o.entry.rules.limits.period}`, { years: o.entry.rules.limits.periodYears });
    parts.push(`${t('wizard.option.amount', { amount: euros(o.maxAmount, ctx.lang), period })}.`);
  }
  parts.push(t('applications.choice.hintHandling', { days: o.entry.rules.handlingDays }));
  if (o.entry.rules.income.kind === 'norm') parts.push(t('applications.choice.hintIncome'));
  if (o.municipalFirst) parts.push(t('wizard.option.municipalFirst', { organisation: o.entry.organisation.name, scheme: provisionText(ctx, o.municipalFirst.rules.title).text }));
  return (
    <>
      {parts.join(' ')}
      {o.waitingList ? <strong> {t('applications.choice.hintWaitingList')}</strong> : null}
    </>
  );
}

function elsewhereText(ctx: PageContext, o: Option): string {
  const { t } = ctx;
  if (o.via === 'professional') return t('applications.choice.elsewhereProfessional');
  if (o.via === 'parent') return t('applications.choice.elsewhereParent');
  return t('applications.choice.elsewhereExternal', { organisation: o.entry.organisation.name });
}

export function ChoiceStep(props: { ctx: PageContext; steps: StepSlug[]; offers: Array<ChildOffer & { age: number }>; selected: string[]; errors: FieldErrors; young: boolean; wizard: string; toCheck: boolean; hidden: Array<[string, string]> }) {
  const { ctx, offers, selected, errors, young, wizard } = props;
  const { t } = ctx;
  const at = usePlacePath();
  return (
    <StepShell
      ctx={ctx}
      slug="keuze"
      steps={props.steps}
      title={t('applications.steps.keuze')}
      errors={errors}
      back={`/wizard/resultaat?${wizard}`}
      toCheck={props.toCheck}
      hidden={props.hidden}
      intro={<p class="utrecht-paragraph">{t('applications.choice.intro')}</p>}
    >
      {offers.map((offer) => {
        const legend = young ? t('applications.choice.legendYoung', { age: offer.age }) : t('applications.choice.legend', { n: offer.index + 1, age: offer.age });
        const name = choiceField(offer.index);
        return (
          <div class="kansrijk-child" key={offer.index}>
            {offer.options.length > 0 ? (
              <CheckboxGroup
                name={name}
                legend={legend}
                t={t}
                errors={errors}
                selected={selected.filter((s) => s.startsWith(`${offer.index}:`)).map((s) => s.split(':')[1]!)}
                options={offer.options.map((o) => {
                  const title = provisionText(ctx, o.entry.rules.title);
                  return { value: o.entry.id, label: `${title.text} – ${o.entry.organisation.name}`, lang: title.lang, hint: optionHint(ctx, o) };
                })}
              />
            ) : (
              <Fieldset name={name} legend={legend} t={t} errors={errors}>
                <p class="utrecht-paragraph">{t('applications.choice.nothingOnline')}</p>
              </Fieldset>
            )}
            {offer.elsewhere.length > 0 ? (
              <details class="kansrijk-details">
                <summary>{t('applications.choice.elsewhere', { count: offer.elsewhere.length })}</summary>
                <ul class="utrecht-unordered-list">
                  {offer.elsewhere.map((o) => {
                    const title = provisionText(ctx, o.entry.rules.title);
                    return (
                      <li key={o.entry.id}>
                        <span lang={title.lang}>{title.text}</span> ({o.entry.organisation.name}): {elsewhereText(ctx, o)}
                      </li>
                    );
                  })}
                </ul>
              </details>
            ) : null}
          </div>
        );
      })}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={at(`/wizard/kinderen?${wizard}`)}>
          {t('applications.choice.changeChildren')}
        </a>
      </p>
    </StepShell>
  );
}

export function ApplicantStep(props: { ctx: PageContext; steps: StepSlug[]; raw: RawValues; errors: FieldErrors; young: boolean; toCheck: boolean }) {
  const { ctx, raw, errors, young } = props;
  const { t } = ctx;
  const v = (name: string) => rawString(raw, name, 2000);
  return (
    <StepShell
      ctx={ctx}
      slug="aanvrager"
      steps={props.steps}
      title={t(young ? 'applications.steps.aanvragerYoung' : 'applications.steps.aanvrager')}
      errors={errors}
      back={stepPath('keuze')}
      toCheck={props.toCheck}
      intro={<p class="utrecht-paragraph">{t(young ? 'applications.applicant.introYoung' : 'applications.applicant.intro')}</p>}
    >
      <TextField name="first_name" label={t('applications.applicant.firstName')} t={t} errors={errors} value={v('first_name')} autocomplete="given-name" maxLength={100} spellcheck={false} />
      <TextField name="last_name" label={t('applications.applicant.lastName')} t={t} errors={errors} value={v('last_name')} autocomplete="family-name" maxLength={100} spellcheck={false} />
      <TextField name="email" type="email" label={t('applications.applicant.email')} hint={t('applications.applicant.emailHint')} t={t} errors={errors} value={v('email')} autocomplete="email" maxLength={254} spellcheck={false} />
      <TextField name="phone" type="tel" label={`${t('applications.applicant.phone')} ${t('applications.optional')}`} hint={t('applications.applicant.phoneHint')} t={t} errors={errors} value={v('phone')} autocomplete="tel" maxLength={25} />
      <SelectField
        name="language"
        label={t('applications.applicant.language')}
        t={t}
        errors={errors}
        value={v('language') || ctx.lang}
        options={PUBLIC_LANGUAGES.map((l) => ({ value: l, label: LANGUAGES[l].name }))}
      />
      {young ? (
        <Fieldset name="parent" legend={t('applications.applicant.parentLegend')} hint={t('applications.applicant.parentHint')} t={t} errors={{}}>
          <TextField name="parent_name" label={t('applications.applicant.parentName')} t={t} errors={errors} value={v('parent_name')} maxLength={100} spellcheck={false} />
          <TextField name="parent_email" type="email" label={t('applications.applicant.parentEmail')} t={t} errors={errors} value={v('parent_email')} maxLength={254} spellcheck={false} />
          <TextField name="parent_phone" type="tel" label={`${t('applications.applicant.parentPhone')} ${t('applications.optional')}`} t={t} errors={errors} value={v('parent_phone')} maxLength={25} />
        </Fieldset>
      ) : null}
    </StepShell>
  );
}

export interface HouseholdView {
  address: boolean;
  household: boolean;
  income: boolean;
  incomeOrganisations: string[];
  /** the municipality of the postcode typed, when known */
  municipality: MunicipalityRef | null;
  /** a postcode area in two municipalities: the choice */
  split: MunicipalityRef[] | null;
}

export function HouseholdStep(props: { ctx: PageContext; steps: StepSlug[]; raw: RawValues; errors: FieldErrors; view: HouseholdView; back: string; toCheck: boolean }) {
  const { ctx, raw, errors, view } = props;
  const { t } = ctx;
  const v = (name: string) => rawString(raw, name, 2000);
  return (
    <StepShell ctx={ctx} slug="huishouden" steps={props.steps} title={t('applications.steps.huishouden')} errors={errors} back={props.back} toCheck={props.toCheck}>
      {view.address ? (
        <Fieldset name="address" legend={t('applications.household.addressLegend')} hint={t('applications.household.addressHint')} t={t} errors={{}}>
          <TextField name="postcode" label={t('applications.household.postcode')} hint={t('applications.household.postcodeHint')} t={t} errors={errors} value={v('postcode')} autocomplete="postal-code" maxLength={10} spellcheck={false} />
          <TextField name="house_number" label={t('applications.household.houseNumber')} t={t} errors={errors} value={v('house_number')} inputMode="numeric" maxLength={6} />
          <TextField name="addition" label={`${t('applications.household.addition')} ${t('applications.optional')}`} hint={t('applications.household.additionHint')} t={t} errors={errors} value={v('addition')} maxLength={10} />
          <TextField name="street" label={t('applications.household.street')} t={t} errors={errors} value={v('street')} autocomplete="address-line1" maxLength={100} />
          <TextField name="place" label={t('applications.household.place')} t={t} errors={errors} value={v('place')} autocomplete="address-level2" maxLength={80} />
          {view.split ? (
            <RadioGroup
              name="gemeente"
              legend={t('applications.household.chooseMunicipalityLegend')}
              t={t}
              errors={errors}
              selected={v('gemeente').toUpperCase()}
              options={view.split.map((m) => ({ value: m.code, label: m.commonName }))}
            />
          ) : view.municipality ? (
            <p class="utrecht-paragraph kansrijk-derived" role="status">
              {t('applications.household.municipalityFound', { municipality: view.municipality.commonName })}
            </p>
          ) : null}
        </Fieldset>
      ) : null}
      {view.household ? (
        <Fieldset name="household" legend={t('applications.household.householdLegend')} t={t} errors={{}}>
          <TextField name="adults" label={t('applications.household.adults')} hint={t('applications.household.adultsHint')} t={t} errors={errors} value={v('adults')} inputMode="numeric" maxLength={3} />
          <TextField name="children_count" label={t('applications.household.childrenCount')} t={t} errors={errors} value={v('children_count')} inputMode="numeric" maxLength={3} />
        </Fieldset>
      ) : null}
      {view.income ? (
        <Fieldset name="income" legend={t('applications.household.incomeLegend')} hint={t('applications.household.incomeIntro', { organisations: view.incomeOrganisations.join(', ') })} t={t} errors={{}}>
          <TextField name="income_monthly" label={t('applications.household.incomeMonthly')} hint={t('applications.household.incomeMonthlyHint')} t={t} errors={errors} value={v('income_monthly')} inputMode="numeric" maxLength={12} />
          <CheckboxGroup
            name="income_sources"
            legend={t('applications.household.incomeSources')}
            hint={t('applications.household.incomeSourcesHint')}
            t={t}
            errors={errors}
            selected={rawList(raw, 'income_sources')}
            options={INCOME_SOURCES.map((s) => ({ value: s, label: t(`applications.household.sources.${s}`) }))}
          />
          <RadioGroup
            name="debt_help"
            legend={t('applications.household.debtHelp')}
            hint={t('applications.household.debtHelpHint')}
            t={t}
            errors={errors}
            selected={v('debt_help')}
            options={(['yes', 'no', 'unsaid'] as const).map((d) => ({ value: d, label: t(`applications.household.debt.${d}`) }))}
          />
        </Fieldset>
      ) : null}
    </StepShell>
  );
}

export type { Chosen };
