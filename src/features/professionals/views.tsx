import { CsrfField, Layout, type PageContext } from '../../core/layout/Layout.tsx';
import { CheckboxGroup, ErrorSummary, Fieldset, Notice, SelectField, SubmitButton, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { EMPLOYER_TYPES } from '../../core/db/schema.ts';
import { formatDate } from '../../core/i18n/format.ts';
import type { MunicipalityRef } from '../refdata/postcode.ts';
import type { ApprovalRow } from './data.ts';
import { MAX_MUNICIPALITIES } from './registration.ts';

export function RegisterPage({ ctx, errors, values, municipalities }: { ctx: PageContext; errors: FieldErrors; values: Record<string, unknown>; municipalities: MunicipalityRef[] }) {
  const { t } = ctx;
  const v = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  const options = municipalities.map((m) => ({ value: m.code, label: m.commonName }));
  return (
    <Layout ctx={ctx} title={t('professionals.register.title')} hasErrors={Object.keys(errors).length > 0}>
      <h1 class="utrecht-heading-1">{t('professionals.register.title')}</h1>
      <p class="utrecht-paragraph">{t('professionals.register.intro')}</p>
      <p class="utrecht-paragraph">{t('professionals.register.how')}</p>
      <ErrorSummary errors={errors} t={t} />
      <form method="post" action="/intermediair/registreren" novalidate class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <Fieldset name="over-u" legend={t('professionals.register.aboutYou')} t={t} errors={{}}>
          <TextField name="naam" label={t('professionals.register.name')} autocomplete="name" t={t} errors={errors} value={v('naam')} maxLength={100} />
          <TextField name="email" type="email" label={t('professionals.register.email')} hint={t('professionals.register.emailHint')} autocomplete="email" t={t} errors={errors} value={v('email')} maxLength={254} spellcheck={false} />
          <TextField name="telefoon" type="tel" label={t('professionals.register.phone')} autocomplete="tel" inputMode="tel" t={t} errors={errors} value={v('telefoon')} maxLength={20} />
          <TextField name="functie" label={t('professionals.register.job')} autocomplete="organization-title" t={t} errors={errors} value={v('functie')} maxLength={100} />
        </Fieldset>
        <Fieldset name="werk" legend={t('professionals.register.employer')} t={t} errors={{}}>
          <SelectField name="soort" label={t('professionals.register.type')} emptyLabel={t('professionals.register.typeEmpty')} options={EMPLOYER_TYPES.map((type) => ({ value: type, label: t(`professionals.employerTypes.${type}`) }))} t={t} errors={errors} value={v('soort')} />
          <TextField name="werkgever" label={t('professionals.register.employerName')} hint={t('professionals.register.employerHint')} autocomplete="organization" t={t} errors={errors} value={v('werkgever')} maxLength={150} />
          <TextField name="plaats" label={t('professionals.register.place')} t={t} errors={errors} value={v('plaats')} maxLength={80} />
        </Fieldset>
        <Fieldset name="gemeenten" legend={t('professionals.register.municipalities')} hint={t('professionals.register.municipalitiesHint')} t={t} errors={{}}>
          {Array.from({ length: MAX_MUNICIPALITIES }, (_, i) => (
            <SelectField key={i} name={`gemeente-${i + 1}`} label={t('professionals.register.municipality', { n: i + 1 })} emptyLabel={t('professionals.register.municipalityEmpty')} options={options} t={t} errors={errors} value={v(`gemeente-${i + 1}`)} />
          ))}
        </Fieldset>
        <CheckboxGroup name="akkoord" legend={t('professionals.register.terms')} t={t} errors={errors} options={[{ value: 'ja', label: t('professionals.register.termsLabel') }]} selected={values.akkoord === 'ja' ? ['ja'] : []} />
        <SubmitButton>{t('professionals.register.submit')}</SubmitButton>
      </form>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/inloggen?terug=%2Fintermediair">{t('professionals.register.loginInstead')}</a>
      </p>
    </Layout>
  );
}

export function RegisteredPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('professionals.registered.title')}>
      <h1 class="utrecht-heading-1">{t('professionals.registered.title')}</h1>
      <p class="utrecht-paragraph">{t('professionals.registered.body')}</p>
      <p class="utrecht-paragraph">{t('professionals.registered.noMail')}</p>
    </Layout>
  );
}

export function OverviewPage({ ctx, approvals, municipalities }: { ctx: PageContext; approvals: ApprovalRow[]; municipalities: string[] }) {
  const { t } = ctx;
  const me = ctx.professional!;
  const waiting = approvals.some((a) => a.status !== 'approved');
  return (
    <Layout ctx={ctx} title={t('professionals.overview.title')}>
      <h1 class="utrecht-heading-1">{t('professionals.overview.title')}</h1>
      <p class="utrecht-paragraph">{t('professionals.overview.intro', { name: me.name, employer: me.employerName })}</p>
      <p class="utrecht-paragraph">{t('professionals.overview.municipalities', { list: municipalities.join(', ') })}</p>
      <section aria-labelledby="organisaties">
        <h2 class="utrecht-heading-2" id="organisaties">{t('professionals.overview.organisations')}</h2>
        {approvals.length === 0 ? (
          <p class="utrecht-paragraph">{t('professionals.overview.none')}</p>
        ) : (
          <>
            <p class="utrecht-paragraph">{t('professionals.overview.organisationsIntro')}</p>
            <div class="kansrijk-table-scroll" tabIndex={0} role="region" aria-labelledby="organisaties">
              <table class="utrecht-table">
                <thead class="utrecht-table__header">
                  <tr class="utrecht-table__row">
                    <th class="utrecht-table__header-cell" scope="col">{t('professionals.overview.organisation')}</th>
                    <th class="utrecht-table__header-cell" scope="col">{t('professionals.overview.status')}</th>
                  </tr>
                </thead>
                <tbody class="utrecht-table__body">
                  {approvals.map((a) => (
                    <tr class="utrecht-table__row" key={a.organisationId}>
                      <td class="utrecht-table__cell">{a.organisationName}</td>
                      <td class="utrecht-table__cell">
                        {t(`professionals.approvalStatus.${a.status}`)}
                        {a.decidedAt && a.status !== 'pending' ? ` (${formatDate(a.decidedAt, ctx.lang)})` : ''}
                        {a.reason && (a.status === 'rejected' || a.status === 'suspended') ? <p class="utrecht-paragraph kansrijk-mail__body">{t('professionals.overview.reason', { reason: a.reason })}</p> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {waiting ? <Notice kind="info">{t('professionals.overview.pendingNote')}</Notice> : null}
          </>
        )}
      </section>
      <section aria-labelledby="aanvragen">
        <h2 class="utrecht-heading-2" id="aanvragen">{t('professionals.overview.applications')}</h2>
        <p class="utrecht-paragraph">{t('professionals.overview.noApplications')}</p>
      </section>
    </Layout>
  );
}
