import { CsrfField, Layout, type PageContext } from '../../core/layout/Layout.tsx';
import { DataList, ErrorSummary, Notice, SubmitButton, TextAreaField, fieldId, type FieldErrors } from '../../core/layout/forms.tsx';
import { formatDate } from '../../core/i18n/format.ts';
import { euros } from '../../core/money.ts';
import { Table } from '../admin/table.tsx';
import { ProvisionTitle, labelOr } from '../applications/view-parts.tsx';
import type { CaseDetail } from './case-data.ts';
import { casePath } from './case-parts.tsx';
import type { ChildOptions, ConsentLink } from './referrals.ts';
import { shownCount } from './referral-rules.ts';

export const REFERRAL_FIELD = 'voorziening';

/** Staff: choose the child and the other organisation's provision to refer the family to. */
export function ReferralPage({ ctx, detail, children, errors, values }: { ctx: PageContext; detail: CaseDetail; children: ChildOptions[]; errors: FieldErrors; values: Record<string, string> }) {
  const { t } = ctx;
  const id = fieldId(REFERRAL_FIELD);
  const error = errors[REFERRAL_FIELD];
  const any = children.some((c) => c.options.length > 0);
  return (
    <Layout ctx={ctx} title={`${t('cases.referral.title')} – ${detail.reference}`} hasErrors={Object.keys(errors).length > 0}>
      <a class="utrecht-link kansrijk-back" href={casePath(detail.row.id)}>{t('cases.actions.backToCase', { reference: detail.reference })}</a>
      <h1 class="utrecht-heading-1">{t('cases.referral.title')}</h1>
      <p class="utrecht-paragraph">{t('cases.referral.intro')}</p>
      <ErrorSummary errors={errors} t={t} />
      {!any ? <Notice kind="info">{t('cases.referral.none')}</Notice> : (
        <form method="post" action={`${casePath(detail.row.id)}/doorverwijzen`} novalidate class="kansrijk-form">
          <CsrfField token={ctx.csrfToken} />
          <div id={id} tabIndex={-1}>
            {error ? (
              <div class="utrecht-form-field-error-message" id={`${id}-error`}>
                <span class="kansrijk-visually-hidden">{t('forms.errorPrefix')} </span>
                {t(error.key, error.vars)}
              </div>
            ) : null}
            {children.map((c, ci) => (
              <fieldset class="utrecht-form-fieldset kansrijk-child" key={c.childId} aria-describedby={error ? `${id}-error` : undefined}>
                <legend class="utrecht-form-fieldset__legend">{t('cases.referral.forChild', { name: c.label })}</legend>
                {c.options.length === 0 ? <p class="utrecht-paragraph">{t('cases.referral.noneForChild')}</p> : null}
                {c.options.map((o, oi) => {
                  const value = `${c.childId}:${o.entry.id}`;
                  const optionId = `${id}-${ci}-${oi}`;
                  return (
                    <div class="utrecht-form-field utrecht-form-field--radio kansrijk-choice" key={value}>
                      <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id={optionId} name={REFERRAL_FIELD} value={value} checked={values[REFERRAL_FIELD] === value} aria-describedby={`${optionId}-hint`} />
                      <label class="utrecht-form-label utrecht-form-label--radio" for={optionId}>
                        <ProvisionTitle ctx={ctx} title={o.entry.rules.title} /> – {o.entry.organisation.name}
                      </label>
                      <div class="utrecht-form-field-description kansrijk-choice__hint" id={`${optionId}-hint`}>
                        {[o.maxAmount !== null ? t('cases.referral.upTo', { amount: euros(o.maxAmount, ctx.lang) }) : null, t(`themes.${o.entry.theme}`), o.waitingList ? t('cases.referral.waitingList') : null].filter(Boolean).join(' · ')}
                      </div>
                    </div>
                  );
                })}
              </fieldset>
            ))}
          </div>
          <TextAreaField name="notitie" label={t('cases.referral.note')} hint={t('cases.referral.noteHint')} t={t} errors={errors} value={values.notitie ?? ''} maxLength={2000} rows={3} />
          <div class="kansrijk-button-row">
            <SubmitButton>{t('cases.referral.submit')}</SubmitButton>
            <a class="utrecht-link" href={casePath(detail.row.id)}>{t('common.cancel')}</a>
          </div>
        </form>
      )}
    </Layout>
  );
}

export function ReferralReport({ ctx, rows, platform }: { ctx: PageContext; rows: Array<{ from_name: string; to_name: string; created: number; waiting: number; refused: number }>; platform: boolean }) {
  const { t } = ctx;
  const count = (n: number) => {
    const shown = shownCount(n);
    return shown === null ? t('cases.report.fewer') : String(shown);
  };
  return (
    <Layout ctx={ctx} title={t('cases.report.title')}>
      <h1 class="utrecht-heading-1">{t('cases.report.title')}</h1>
      <p class="utrecht-paragraph">{platform ? t('cases.report.introPlatform') : t('cases.report.intro')}</p>
      <Table
        label={t('cases.report.title')}
        empty={t('cases.report.empty')}
        head={[t('cases.report.from'), t('cases.report.to'), t('cases.report.created'), t('cases.report.waiting'), t('cases.report.refused')]}
        rows={rows.map((r) => [r.from_name, r.to_name, count(r.created), count(r.waiting), count(r.refused)])}
      />
    </Layout>
  );
}

/** The family: yes or no to sharing what the receiving organisation needs. */
export function ConsentPage({ ctx, link, token, invalid }: { ctx: PageContext; link: Extract<ConsentLink, { kind: 'open' }>; token: string; invalid: boolean }) {
  const { t } = ctx;
  const vars = { from: link.from, organisation: link.to, child: link.child ?? t('applicationStatus.mail.yourChild') };
  const title = t('caseApplicant.consent.title', vars);
  return (
    <Layout ctx={ctx} title={title} hasErrors={invalid}>
      <h1 class="utrecht-heading-1">{title}</h1>
      {invalid ? <Notice kind="error">{t('caseApplicant.consent.choose')}</Notice> : null}
      <p class="utrecht-paragraph">{t('caseApplicant.consent.intro', vars)}</p>
      <DataList
        items={[
          [t('caseApplicant.consent.what'), <ProvisionTitle ctx={ctx} title={link.title} />],
          [t('caseApplicant.consent.fields', vars), link.fields.map((f) => labelOr(t, `applications.fieldNames.${f}`, f)).join('; ') || t('caseApplicant.consent.noFields')],
          [t('caseApplicant.consent.who'), t('caseApplicant.consent.whoText', vars)],
          [t('caseApplicant.consent.howLong'), t('caseApplicant.consent.howLongText', { months: link.retentionMonths })],
        ]}
      />
      <form method="post" action={`/toestemming/${encodeURIComponent(token)}`} class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <h2 class="utrecht-heading-2">{t('caseApplicant.consent.decision')}</h2>
        <p class="utrecht-paragraph">{t('caseApplicant.consent.validUntil', { date: formatDate(link.deadline, ctx.lang) })}</p>
        <div class="kansrijk-button-row">
          <button type="submit" name="besluit" value="akkoord" class="utrecht-button utrecht-button--primary-action">{t('caseApplicant.consent.confirm')}</button>
          <button type="submit" name="besluit" value="niet-akkoord" class="utrecht-button utrecht-button--secondary-action">{t('caseApplicant.consent.refuse')}</button>
        </div>
      </form>
    </Layout>
  );
}

export function ConsentMessage({ ctx, title, body, status }: { ctx: PageContext; title: string; body: string; status?: 'warning' }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="utrecht-heading-1">{title}</h1>
      {status ? <Notice kind={status}>{body}</Notice> : <p class="utrecht-paragraph">{body}</p>}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/aanvraag">{ctx.t('caseApplicant.consent.toStatus')}</a>
      </p>
    </Layout>
  );
}
