import { CsrfField, Layout, type PageContext } from '../../core/layout/Layout.tsx';
import { DataList, ErrorSummary, Notice, SubmitButton, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { ProvisionTitle } from './view-parts.tsx';
import { statusPath } from './status-views.tsx';

/**
 * "Bekijk uw aanvraag": asking for a new status link by mail, also shown when a mailed link has
 * expired or is broken. The answer never tells whether the address and reference exist.
 */
export type RequestNotice = 'sent' | 'loggedOut' | 'openMail';

interface RequestPageProps {
  ctx: PageContext;
  errors?: FieldErrors;
  values?: { email?: string; referentie?: string };
  notice?: RequestNotice | null;
  problem?: 'expired' | 'invalid' | null;
  /** the application this browser already has open, to offer a way back to it */
  current?: string | null;
}

export function RequestLinkPage({ ctx, errors = {}, values = {}, notice = null, problem = null, current = null }: RequestPageProps) {
  const { t } = ctx;
  const title = problem ? t(`applicationStatus.link.${problem}Title`) : t('applicationStatus.request.title');
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      <h1 class="utrecht-heading-1">{title}</h1>
      {problem ? <p class="utrecht-paragraph">{t(`applicationStatus.link.${problem}Body`)}</p> : null}
      {notice === 'sent' ? <Notice kind="ok">{t('applicationStatus.request.sent')}</Notice> : null}
      {notice === 'loggedOut' ? <Notice kind="ok">{t('applicationStatus.request.loggedOut')}</Notice> : null}
      {notice === 'openMail' ? <Notice kind="info">{t('applicationStatus.request.openMail')}</Notice> : null}
      {current ? (
        <p class="utrecht-paragraph">
          {t('applicationStatus.request.current', { reference: current })}{' '}
          <a class="utrecht-link" href={statusPath(current)}>
            {t('applicationStatus.request.currentLink', { reference: current })}
          </a>
        </p>
      ) : null}
      <ErrorSummary errors={errors} t={t} />
      {problem ? null : <p class="utrecht-paragraph">{t('applicationStatus.request.intro')}</p>}
      <form method="post" action="/aanvraag" novalidate class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="email" type="email" label={t('applicationStatus.request.email')} hint={t('applicationStatus.request.emailHint')} autocomplete="email" spellcheck={false} maxLength={254} t={t} errors={errors} value={values.email ?? ''} />
        <TextField name="referentie" label={t('applicationStatus.request.reference')} hint={t('applicationStatus.request.referenceHint')} autocomplete="off" spellcheck={false} maxLength={40} t={t} errors={errors} value={values.referentie ?? ''} />
        <SubmitButton>{t('applicationStatus.request.submit')}</SubmitButton>
      </form>
    </Layout>
  );
}

export interface WithdrawItem {
  id: string;
  title: { nl: string; en: string };
  organisation: string;
  child: string;
}

export function WithdrawPage({ ctx, reference, item }: { ctx: PageContext; reference: string; item: WithdrawItem }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('applicationStatus.withdraw.title')}>
      <h1 class="utrecht-heading-1">{t('applicationStatus.withdraw.title')}</h1>
      <p class="utrecht-paragraph">{t('applicationStatus.withdraw.question')}</p>
      <DataList
        items={[
          [t('applicationStatus.withdraw.what'), <ProvisionTitle ctx={ctx} title={item.title} />],
          [t('applicationStatus.page.for'), item.child],
          [t('applicationStatus.withdraw.organisation'), item.organisation],
        ]}
      />
      <p class="utrecht-paragraph">{t('applicationStatus.withdraw.consequence', { organisation: item.organisation })}</p>
      <form method="post" action={`${statusPath(reference)}/intrekken/${item.id}`} class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <div class="kansrijk-button-row">
          <SubmitButton>{t('applicationStatus.withdraw.confirm')}</SubmitButton>
          <a class="utrecht-link" href={statusPath(reference)}>
            {t('applicationStatus.withdraw.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
}
