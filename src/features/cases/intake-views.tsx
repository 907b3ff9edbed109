import { CsrfField, Layout, type PageContext } from '../../core/layout/Layout.tsx';
import { ErrorSummary, Fieldset, RadioGroup, SelectField, SubmitButton, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { CASES } from './queue-view.tsx';
import { INTAKE_CHANNELS, MAX_CHILDREN } from './intake.ts';

/** The start of a walk-in or phone application, and the page after it is sent. */
export function IntakeStartPage({ ctx, errors, values, split }: { ctx: PageContext; errors: FieldErrors; values: Record<string, string>; split: Array<{ code: string; name: string }> | null }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('cases.intake.title')} hasErrors={Object.keys(errors).length > 0}>
      <a class="utrecht-link kansrijk-back" href={CASES}>{t('cases.case.back')}</a>
      <h1 class="utrecht-heading-1">{t('cases.intake.title')}</h1>
      <p class="utrecht-paragraph">{t('cases.intake.intro')}</p>
      <ErrorSummary errors={errors} t={t} />
      <form method="post" action={`${CASES}/nieuw`} novalidate class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <RadioGroup name="kanaal" legend={t('cases.intake.channel')} t={t} errors={errors} selected={values.kanaal ?? ''} options={INTAKE_CHANNELS.map((c) => ({ value: c, label: t(`cases.channels.${c}`) }))} />
        <TextField name="postcode" label={t('cases.intake.postcode')} hint={t('cases.intake.postcodeHint')} t={t} errors={errors} value={values.postcode ?? ''} maxLength={10} />
        {split ? (
          <SelectField name="gemeente" label={t('cases.intake.municipality')} t={t} errors={errors} value={values.gemeente ?? ''} emptyLabel={t('cases.intake.chooseMunicipality')} options={split.map((m) => ({ value: m.code, label: m.name }))} />
        ) : null}
        <RadioGroup name="rol" legend={t('cases.intake.role')} t={t} errors={errors} selected={values.rol ?? 'parent'} options={[{ value: 'parent', label: t('cases.intake.roles.parent') }, { value: 'young', label: t('cases.intake.roles.young') }]} />
        <Fieldset name="kinderen" legend={t('cases.intake.children')} hint={t('cases.intake.childrenHint')} t={t} errors={{}}>
          {Array.from({ length: MAX_CHILDREN }, (_, i) => (
            <TextField key={i} name={`kind-${i + 1}`} label={t('cases.intake.child', { n: i + 1 })} t={t} errors={errors} value={values[`kind-${i + 1}`] ?? ''} maxLength={10} inputMode="numeric" />
          ))}
        </Fieldset>
        <SubmitButton>{t('cases.intake.start')}</SubmitButton>
      </form>
    </Layout>
  );
}

export function IntakeDonePage({ ctx, reference, organisations, ownCase }: { ctx: PageContext; reference: string; organisations: string[]; ownCase: string | null }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('cases.intake.doneTitle')}>
      <h1 class="utrecht-heading-1">{t('cases.intake.doneTitle')}</h1>
      <p class="utrecht-paragraph">{t('cases.intake.doneBody', { reference })}</p>
      <p class="kansrijk-reference">{reference}</p>
      <p class="utrecht-paragraph">{t('cases.intake.doneOrganisations', { organisations: organisations.join(', ') })}</p>
      <ul class="utrecht-link-list">
        {ownCase ? <li class="utrecht-link-list__item"><a class="utrecht-link" href={`${CASES}/${ownCase}`}>{t('cases.intake.toCase')}</a></li> : null}
        <li class="utrecht-link-list__item"><a class="utrecht-link" href={`${CASES}/nieuw`}>{t('cases.intake.another')}</a></li>
      </ul>
    </Layout>
  );
}
