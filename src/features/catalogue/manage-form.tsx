import type { ComponentChildren } from 'preact';
import { THEMES } from '../../core/db/schema.ts';
import { CsrfField, type PageContext } from '../../core/layout/Layout.tsx';
import { CheckboxGroup, RadioGroup, SelectField, SubmitButton, TextAreaField, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { asArray, str } from '../../core/http/forms.ts';
import type { T } from '../../core/i18n/index.ts';
import { APPLICANT_ROLES, DELIVERIES, PERIODS, PERSONAL_FIELDS } from './rules.ts';
import { MAX_BANDS, MAX_EXTRAS, type FormValues } from './manage-parse.ts';

/**
 * The one long provision form: every rule, grouped in fieldsets with a heading in each legend,
 * working without JavaScript (fields that only apply to one choice say so in their hint).
 */
interface FormProps {
  ctx: PageContext;
  errors: FieldErrors;
  values: FormValues;
  action: string;
  municipalities: Array<{ code: string; common_name: string }>;
  cancelHref: string;
}

function Section({ title, id, children }: { title: string; id: string; children: ComponentChildren }) {
  return (
    <fieldset class="utrecht-form-fieldset kansrijk-manage-section" aria-labelledby={id}>
      <legend class="utrecht-form-fieldset__legend">
        <h2 class="utrecht-heading-2" id={id}>{title}</h2>
      </legend>
      {children}
    </fieldset>
  );
}

const LABELS: Record<string, string> = {
  theme: 'theme', title_nl: 'titleNl', title_en: 'titleEn', description_nl: 'descriptionNl', description_en: 'descriptionEn', applicants: 'applicants',
  age_min: 'ageMin', age_max: 'ageMax', age_reference: 'ageReference', income: 'income', income_percent: 'incomePercent', max_amount: 'maxAmount',
  period: 'period', period_years: 'periodYears', max_requests: 'maxRequests', exclusive_group: 'exclusiveGroup', capacity: 'capacity', retroactive: 'retroactive',
  window_from: 'windowFrom', window_until: 'windowUntil', handling_days: 'handlingDays', apply_mode: 'applyMode', apply_url: 'applyUrl', apply_phone: 'applyPhone',
  apply_address: 'applyAddress', apply_hours: 'applyHours', required_fields: 'requiredFields', delivery: 'delivery', checks_municipal_first: 'checksMunicipalFirst',
  coverage: 'coverage', municipalities: 'municipalities',
};
const GROUP_LABELS: Record<string, string> = { min: 'bandMin', max: 'bandMax', amount: 'bandAmount', label_nl: 'extraLabelNl', label_en: 'extraLabelEn' };

/** The label of an input by its name, for the error summary: "Titel in het Nederlands: Vul dit in." says which field. */
export function fieldLabel(t: T, name: string): string {
  const group = /^(band|extra)_(\d+)_(.+)$/.exec(name);
  if (group) {
    const [, kind, i, part] = group as unknown as [string, 'band' | 'extra', string, string];
    const field = kind === 'extra' && part === 'amount' ? 'extraAmount' : (GROUP_LABELS[part] ?? 'bandAmount');
    return `${t(kind === 'band' ? 'catalogueManage.form.band' : 'catalogueManage.form.extra', { n: Number(i) + 1 })}, ${t(`catalogueManage.fields.${field}`).toLowerCase()}`;
  }
  return LABELS[name] ? t(`catalogueManage.fields.${LABELS[name]}`) : name;
}

/** The errors as the summary shows them: each message after the label of its field. */
export function summaryErrors(t: T, errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([name, e]) => [name, { key: 'catalogueManage.form.summaryItem', vars: { field: fieldLabel(t, name), message: t(e.key, e.vars) } }]));
}

export function ProvisionForm({ ctx, errors, values, action, municipalities, cancelHref }: FormProps) {
  const { t } = ctx;
  const v = (name: string) => str(values, name);
  const text = (name: string, label: string, hint?: string, extra: { maxLength?: number; inputMode?: 'numeric' | 'text' | 'tel' } = {}) => (
    <TextField name={name} label={label} t={t} errors={errors} value={v(name)} {...(hint ? { hint } : {})} {...extra} />
  );
  const number = (name: string, label: string, hint?: string) => text(name, label, hint, { inputMode: 'numeric', maxLength: 9 });
  const euro = (name: string, label: string, hint?: string) => text(name, label, hint ?? t('catalogueManage.form.euroHint'), { maxLength: 14 });
  const optional = t('catalogueManage.form.optional');
  const someChosen = v('coverage') === 'some' || Boolean(errors.municipalities);
  return (
    <form method="post" action={action} novalidate class="kansrijk-form kansrijk-manage-form">
      <CsrfField token={ctx.csrfToken} />

      <Section title={t('catalogueManage.form.sections.about')} id="section-about">
        <SelectField name="theme" label={t('catalogueManage.fields.theme')} t={t} errors={errors} value={v('theme')} emptyLabel={t('catalogueManage.form.chooseTheme')} options={THEMES.map((th) => ({ value: th, label: t(`themes.${th}`) }))} />
        <p class="utrecht-paragraph">{t('catalogueManage.form.b1Hint')}</p>
        {text('title_nl', t('catalogueManage.fields.titleNl'), t('catalogueManage.form.titleHint'), { maxLength: 120 })}
        {text('title_en', t('catalogueManage.fields.titleEn'), undefined, { maxLength: 120 })}
        <TextAreaField name="description_nl" label={t('catalogueManage.fields.descriptionNl')} hint={t('catalogueManage.form.descriptionHint')} t={t} errors={errors} value={v('description_nl')} maxLength={600} />
        <TextAreaField name="description_en" label={t('catalogueManage.fields.descriptionEn')} t={t} errors={errors} value={v('description_en')} maxLength={600} />
      </Section>

      <Section title={t('catalogueManage.form.sections.who')} id="section-who">
        <CheckboxGroup name="applicants" legend={t('catalogueManage.fields.applicants')} hint={t('catalogueManage.form.applicantsHint', { reason: t('wizard.reasons.professionalOnly') })} t={t} errors={errors} options={APPLICANT_ROLES.map((r) => ({ value: r, label: t(`catalogue.applicants.${r}`) }))} selected={asArray(values.applicants)} />
        {number('age_min', t('catalogueManage.fields.ageMin'))}
        {number('age_max', t('catalogueManage.fields.ageMax'), t('catalogueManage.form.ageMaxHint'))}
        {text('age_reference', t('catalogueManage.fields.ageReference'), t('catalogueManage.form.ageReferenceHint'), { maxLength: 5 })}
        <RadioGroup name="income" legend={t('catalogueManage.fields.income')} t={t} errors={errors} selected={v('income')} options={[
          { value: 'none', label: t('catalogue.income.none') },
          { value: 'professional_judgement', label: t('catalogue.income.professional_judgement') },
          { value: 'norm', label: t('catalogueManage.form.incomeNorm') },
        ]} />
        {number('income_percent', t('catalogueManage.fields.incomePercent'), t('catalogueManage.form.incomePercentHint'))}
      </Section>

      <Section title={t('catalogueManage.form.sections.limits')} id="section-limits">
        {euro('max_amount', t('catalogueManage.fields.maxAmount'), t('catalogueManage.form.maxAmountHint'))}
        <p class="utrecht-paragraph">{t('catalogueManage.form.bandsIntro', { count: MAX_BANDS })}</p>
        {Array.from({ length: MAX_BANDS }, (_, i) => (
          <fieldset class="utrecht-form-fieldset" key={`band-${i}`}>
            <legend class="utrecht-form-fieldset__legend">{t('catalogueManage.form.band', { n: i + 1 })}</legend>
            {number(`band_${i}_min`, t('catalogueManage.fields.bandMin'))}
            {number(`band_${i}_max`, t('catalogueManage.fields.bandMax'))}
            {euro(`band_${i}_amount`, t('catalogueManage.fields.bandAmount'))}
          </fieldset>
        ))}
        <p class="utrecht-paragraph">{t('catalogueManage.form.extrasIntro', { count: MAX_EXTRAS })}</p>
        {Array.from({ length: MAX_EXTRAS }, (_, i) => (
          <fieldset class="utrecht-form-fieldset" key={`extra-${i}`}>
            <legend class="utrecht-form-fieldset__legend">{t('catalogueManage.form.extra', { n: i + 1 })}</legend>
            {text(`extra_${i}_label_nl`, t('catalogueManage.fields.extraLabelNl'), t('catalogueManage.form.extraLabelHint'), { maxLength: 80 })}
            {text(`extra_${i}_label_en`, t('catalogueManage.fields.extraLabelEn'), undefined, { maxLength: 80 })}
            {euro(`extra_${i}_amount`, t('catalogueManage.fields.extraAmount'))}
          </fieldset>
        ))}
        <SelectField name="period" label={t('catalogueManage.fields.period')} t={t} errors={errors} value={v('period')} options={PERIODS.map((p) => ({ value: p, label: t(`catalogue.periods.${p}`, { years: 'N' }) }))} />
        {number('period_years', t('catalogueManage.fields.periodYears'), t('catalogueManage.form.periodYearsHint'))}
        {number('max_requests', t('catalogueManage.fields.maxRequests'), optional)}
      </Section>

      <Section title={t('catalogueManage.form.sections.rules')} id="section-rules">
        {text('exclusive_group', t('catalogueManage.fields.exclusiveGroup'), t('catalogueManage.form.exclusiveGroupHint'), { maxLength: 40 })}
        {number('capacity', t('catalogueManage.fields.capacity'), t('catalogueManage.form.capacityHint'))}
        <RadioGroup name="retroactive" legend={t('catalogueManage.fields.retroactive')} t={t} errors={errors} selected={v('retroactive')} options={[
          { value: 'no', label: t('catalogueManage.form.retroactiveNo') },
          { value: 'yes', label: t('catalogueManage.form.retroactiveYes') },
        ]} />
        {text('window_from', t('catalogueManage.fields.windowFrom'), t('catalogueManage.form.windowHint'), { maxLength: 5 })}
        {text('window_until', t('catalogueManage.fields.windowUntil'), t('catalogueManage.form.monthDayHint'), { maxLength: 5 })}
        {number('handling_days', t('catalogueManage.fields.handlingDays'), t('catalogueManage.form.handlingDaysHint'))}
      </Section>

      <Section title={t('catalogueManage.form.sections.apply')} id="section-apply">
        <RadioGroup name="apply_mode" legend={t('catalogueManage.fields.applyMode')} t={t} errors={errors} selected={v('apply_mode')} options={[
          { value: 'online', label: t('catalogueManage.form.applyOnline') },
          { value: 'external', label: t('catalogueManage.form.applyExternal'), hint: t('catalogueManage.form.applyExternalHint') },
        ]} />
        {text('apply_url', t('catalogueManage.fields.applyUrl'), t('catalogueManage.form.applyUrlHint'), { maxLength: 300 })}
        {text('apply_phone', t('catalogueManage.fields.applyPhone'), optional, { maxLength: 30, inputMode: 'tel' })}
        {text('apply_address', t('catalogueManage.fields.applyAddress'), optional, { maxLength: 200 })}
        {text('apply_hours', t('catalogueManage.fields.applyHours'), t('catalogueManage.form.applyHoursHint'), { maxLength: 200 })}
        <CheckboxGroup name="required_fields" legend={t('catalogueManage.fields.requiredFields')} hint={t('catalogueManage.form.requiredFieldsHint')} t={t} errors={errors} options={PERSONAL_FIELDS.map((f) => ({ value: f, label: t(`catalogue.fields.${f}`) }))} selected={asArray(values.required_fields)} />
      </Section>

      <Section title={t('catalogueManage.form.sections.delivery')} id="section-delivery">
        <RadioGroup name="delivery" legend={t('catalogueManage.fields.delivery')} t={t} errors={errors} selected={v('delivery')} options={DELIVERIES.map((d) => ({ value: d, label: t(`catalogue.deliveries.${d}`) }))} />
        <CheckboxGroup name="checks_municipal_first" legend={t('catalogueManage.fields.checksMunicipalFirst')} t={t} errors={errors} options={[{ value: 'yes', label: t('catalogueManage.form.checksMunicipalFirstLabel') }]} selected={asArray(values.checks_municipal_first)} />
      </Section>

      <Section title={t('catalogueManage.form.sections.where')} id="section-where">
        <RadioGroup name="coverage" legend={t('catalogueManage.fields.coverage')} t={t} errors={errors} selected={v('coverage')} options={[
          { value: 'all', label: t('catalogueManage.form.coverageAll', { count: municipalities.length }) },
          { value: 'some', label: t('catalogueManage.form.coverageSome'), hint: t('catalogueManage.form.coverageSomeHint') },
        ]} />
        <details class="kansrijk-province" open={someChosen || municipalities.length <= 30}>
          <summary>{t('catalogueManage.form.showMunicipalities', { count: municipalities.length })}</summary>
          <CheckboxGroup name="municipalities" legend={t('catalogueManage.fields.municipalities')} t={t} errors={errors} options={municipalities.map((m) => ({ value: m.code, label: m.common_name }))} selected={asArray(values.municipalities)} />
        </details>
      </Section>

      <p class="kansrijk-actions">
        <SubmitButton>{t('catalogueManage.form.save')}</SubmitButton>
        <a class="utrecht-link" href={cancelHref}>{t('common.cancel')}</a>
      </p>
      <p class="utrecht-paragraph">{t('catalogueManage.form.saveHint')}</p>
    </form>
  );
}
