import type { ComponentChildren } from 'preact';
import { THEMES } from '../../core/db/schema.ts';
import { Layout, type PageContext } from '../../core/layout/Layout.tsx';
import { CheckboxGroup, ErrorSummary, HiddenFields, RadioGroup, SelectField, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { MAX_CHILDREN, toQueryString, type RawAnswers } from './answers.ts';
import type { Place } from './place.ts';

export const STEP_PATHS = ['/', '/wizard/wie', '/wizard/kinderen', '/wizard/wat', '/wizard/resultaat'] as const;

function hidden(a: RawAnswers, upTo: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (upTo >= 1) {
    if (a.postcode) out.push(['postcode', a.postcode]);
    if (a.gemeente) out.push(['gemeente', a.gemeente]);
  }
  if (upTo >= 2 && a.rol) out.push(['rol', a.rol]);
  if (upTo >= 3) for (const k of a.kind) if (k.trim()) out.push(['kind', k]);
  return out;
}

interface StepProps {
  ctx: PageContext;
  step: 1 | 2 | 3 | 4;
  title: string;
  answers: RawAnswers;
  errors: FieldErrors;
  children: ComponentChildren;
  intro?: ComponentChildren;
  /** buttons after the primary one: Enter in a field must always mean "next" */
  extraButtons?: ComponentChildren;
}

function Step({ ctx, step, title, answers, errors, children, intro, extraButtons }: StepProps) {
  const { t } = ctx;
  const back = step > 1 ? `${STEP_PATHS[step - 2]}?${toQueryString(answers)}` : null;
  return (
    <Layout ctx={ctx} title={`${title} (${t('wizard.progress', { step, total: 4 })})`} hasErrors={Object.keys(errors).length > 0}>
      {back ? (
        <a class="utrecht-link kansrijk-back" href={back}>
          {t('wizard.back')}
        </a>
      ) : null}
      {intro}
      <p class="kansrijk-progress">{t('wizard.progress', { step, total: 4 })}</p>
      <ErrorSummary errors={errors} t={t} />
      <form method="get" action={STEP_PATHS[step]} novalidate class="kansrijk-form">
        <HiddenFields values={hidden(answers, step - 1)} />
        {children}
        <div class="kansrijk-button-row">
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            {step === 4 ? t('wizard.showResult') : t('wizard.next')}
          </button>
          {extraButtons}
        </div>
      </form>
    </Layout>
  );
}

export function PlaceStep({ ctx, answers, errors, place, municipalities }: { ctx: PageContext; answers: RawAnswers; errors: FieldErrors; place: Place | null; municipalities: Array<{ code: string; commonName: string }> }) {
  const { t } = ctx;
  const intro = (
    <>
      <h1 class="utrecht-heading-1">{t('home.title')}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{t('home.lead')}</p>
      <p class="utrecht-paragraph">{t('wizard.place.anonymous')}</p>
    </>
  );
  const askMunicipality = place?.kind === 'unknown' || Boolean(answers.gemeente) || errors.gemeente;
  return (
    <Step ctx={ctx} step={1} title={t('wizard.place.title')} answers={answers} errors={errors} intro={intro}>
      <h2 class="utrecht-heading-2">{t('wizard.place.title')}</h2>
      {place?.kind === 'choose' ? (
        <>
          <input type="hidden" name="postcode" value={answers.postcode} />
          <RadioGroup
            name="gemeente"
            legend={t('wizard.place.chooseLegend', { postcode: answers.postcode.toUpperCase() })}
            hint={t('wizard.place.chooseHint')}
            t={t}
            errors={errors}
            selected={answers.gemeente}
            options={place.options.map((m) => ({ value: m.code, label: m.commonName }))}
          />
        </>
      ) : (
        <>
          <TextField name="postcode" label={t('wizard.place.postcode')} hint={t('wizard.place.postcodeHint')} t={t} errors={errors} value={answers.postcode} autocomplete="postal-code" maxLength={10} spellcheck={false} />
          <details class="kansrijk-details" open={Boolean(askMunicipality)}>
            <summary>{t('wizard.place.noPostcode')}</summary>
            <SelectField
              name="gemeente"
              label={t('wizard.place.municipality')}
              t={t}
              errors={errors}
              value={answers.gemeente}
              emptyLabel={t('wizard.place.chooseMunicipality')}
              options={municipalities.map((m) => ({ value: m.code, label: m.commonName }))}
            />
          </details>
        </>
      )}
    </Step>
  );
}

export function RoleStep({ ctx, answers, errors, municipalityName }: { ctx: PageContext; answers: RawAnswers; errors: FieldErrors; municipalityName: string }) {
  const { t } = ctx;
  return (
    <Step ctx={ctx} step={2} title={t('wizard.role.title')} answers={answers} errors={errors}>
      <p class="utrecht-paragraph">{t('wizard.place.found', { name: municipalityName })}</p>
      <RadioGroup
        name="rol"
        legend={t('wizard.role.title')}
        t={t}
        errors={errors}
        selected={answers.rol}
        options={[
          { value: 'ouder', label: t('wizard.role.parent'), hint: t('wizard.role.parentHint') },
          { value: 'jongere', label: t('wizard.role.young'), hint: t('wizard.role.youngHint') },
          { value: 'professional', label: t('wizard.role.professional'), hint: t('wizard.role.professionalHint') },
        ]}
      />
    </Step>
  );
}

export function ChildrenStep({ ctx, answers, errors, extraRow }: { ctx: PageContext; answers: RawAnswers; errors: FieldErrors; extraRow: boolean }) {
  const { t } = ctx;
  const young = answers.rol === 'jongere';
  const rows = young ? [answers.kind[0] ?? ''] : [...answers.kind.filter((k) => k.trim()), ...(extraRow || answers.kind.filter((k) => k.trim()).length === 0 ? [''] : [])].slice(0, MAX_CHILDREN);
  return (
    <Step
      ctx={ctx}
      step={3}
      title={young ? t('wizard.children.titleYoung') : t('wizard.children.title')}
      answers={answers}
      errors={errors}
      extraButtons={
        !young && rows.length < MAX_CHILDREN ? (
          <button type="submit" class="utrecht-button utrecht-button--secondary-action" formAction="/wizard/kinderen" name="meer" value="1">
            {t('wizard.children.add')}
          </button>
        ) : null
      }
    >
      <h1 class="utrecht-heading-1">{young ? t('wizard.children.titleYoung') : t('wizard.children.title')}</h1>
      <p class="utrecht-paragraph">{t('wizard.children.intro')}</p>
      {rows.map((value, i) => (
        <TextField
          key={i}
          name={`kind-${i}`}
          label={young ? t('wizard.children.labelYoung') : t('wizard.children.label', { n: i + 1 })}
          hint={t('wizard.children.hint')}
          t={t}
          errors={errors}
          value={value}
          maxLength={10}
        />
      ))}
    </Step>
  );
}

export function ThemesStep({ ctx, answers, errors }: { ctx: PageContext; answers: RawAnswers; errors: FieldErrors }) {
  const { t } = ctx;
  return (
    <Step ctx={ctx} step={4} title={t('wizard.themes.title')} answers={answers} errors={errors}>
      <CheckboxGroup
        name="thema"
        legend={t('wizard.themes.title')}
        hint={t('wizard.themes.hint')}
        t={t}
        errors={errors}
        selected={answers.thema}
        options={THEMES.map((theme) => ({ value: theme, label: t(`themes.${theme}`) }))}
      />
    </Step>
  );
}

