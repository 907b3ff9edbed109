import type { ComponentChildren } from 'preact';
import { CsrfField, Layout, type PageContext } from '../../core/layout/Layout.tsx';
import { DataList, ErrorSummary, Notice, SubmitButton, TextAreaField, type FieldErrors } from '../../core/layout/forms.tsx';
import { formatDate, formatDateTime } from '../../core/i18n/format.ts';
import { euros } from '../../core/money.ts';
import { applicantMayWithdraw } from './status.ts';
import { reasonInWords, type CaseView, type EventView, type StatusData } from './status-data.ts';
import { MAX_MESSAGE } from './case-updates.ts';
import { EXTENSIONS, formatSize, type DocumentType } from './uploads.ts';
import { CaseDataSection, childLabel } from './case-data-view.tsx';
import { FileField, ProvisionTitle } from './view-parts.tsx';
import { caseEventText } from '../cases/applicant-events.ts';

/**
 * The applicant's status page: per organisation what was asked and where it stands, what
 * happened, the conversation, the documents and the data that organisation holds. Everything
 * typed by people (messages, names, reasons) is rendered as text by JSX, never as markup.
 */
export const STATUS_NOTICES = ['bericht-verstuurd', 'document-ontvangen', 'ingetrokken', 'niet-ingetrokken'] as const;
export type StatusNotice = (typeof STATUS_NOTICES)[number];

export const messageField = (caseId: string) => `bericht-${caseId}`;
export const fileField = (caseId: string) => `bestand-${caseId}`;
export const statusPath = (reference: string) => `/aanvraag/${reference}`;
const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
const KNOWN_EVENTS = new Set(['submitted', 'awaiting_parent', 'parent_confirmed', 'parent_refused', 'parent_no_response', 'applicant_message', 'organisation_message', 'document_uploaded']);

interface StatusPageProps {
  ctx: PageContext;
  data: StatusData;
  errors?: FieldErrors;
  values?: Record<string, string>;
  notice?: StatusNotice | null;
}

export function StatusPage({ ctx, data, errors = {}, values = {}, notice = null }: StatusPageProps) {
  const { t } = ctx;
  const { application } = data;
  const title = t('applicationStatus.page.title', { reference: application.reference });
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      <h1 class="utrecht-heading-1">{title}</h1>
      <DataList
        items={[
          [t('applicationStatus.page.reference'), application.reference],
          [t('applicationStatus.page.submittedOn'), formatDate(application.submittedAt, ctx.lang)],
        ]}
      />
      {notice ? <Notice kind={notice === 'niet-ingetrokken' ? 'warning' : 'ok'}>{t(`applicationStatus.notices.${notice}`)}</Notice> : null}
      <ParentNotice ctx={ctx} data={data} />
      <ErrorSummary errors={errors} t={t} />
      {data.cases.map((c) => (
        <CaseSection key={c.id} ctx={ctx} reference={application.reference} c={c} errors={errors} values={values} />
      ))}
      <form method="post" action="/aanvraag/uitloggen" class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <p class="utrecht-paragraph">{t('applicationStatus.page.logoutHint')}</p>
        <SubmitButton secondary>{t('applicationStatus.page.logout')}</SubmitButton>
      </form>
    </Layout>
  );
}

function ParentNotice({ ctx, data }: { ctx: PageContext; data: StatusData }) {
  const { t } = ctx;
  const a = data.application;
  if (a.parentRefusedAt) return <Notice kind="warning">{t('applicationStatus.page.parentRefused')}</Notice>;
  if (!a.waitsForParent) return null;
  if (a.parentDeadline && a.parentDeadline.getTime() <= Date.now()) return <Notice kind="warning">{t('applicationStatus.page.parentExpired')}</Notice>;
  return <Notice kind="info">{t('applicationStatus.page.waitingParent', { parent: a.parentName ?? '', date: a.parentDeadline ? formatDate(a.parentDeadline, ctx.lang) : '' })}</Notice>;
}

function CaseSection({ ctx, reference, c, errors, values }: { ctx: PageContext; reference: string; c: CaseView; errors: FieldErrors; values: Record<string, string> }) {
  const { t } = ctx;
  const organisation = c.organisation.name;
  const headingId = `zaak-${c.id}`;
  // A form refused because the case is no longer open is still shown, so the typed text is not lost.
  const showReply = c.status === 'open' || Boolean(errors[messageField(c.id)]);
  const showUpload = c.status === 'open' || Boolean(errors[fileField(c.id)]);
  return (
    <section class="kansrijk-child" aria-labelledby={headingId}>
      <h2 class="utrecht-heading-2" id={headingId}>
        {organisation}
      </h2>
      {c.status === 'awaiting_parent' ? <p class="utrecht-paragraph">{t('applicationStatus.page.caseWaiting', { organisation })}</p> : null}
      {c.status === 'closed' ? <p class="utrecht-paragraph">{t('applicationStatus.page.caseClosed', { organisation })}</p> : null}

      <h3 class="utrecht-heading-3">{t('applicationStatus.page.items')}</h3>
      <ul class="kansrijk-plain-list">
        {c.items.map((item) => (
          <li class="kansrijk-option" key={item.id}>
            <h4 class="utrecht-heading-4">
              <ProvisionTitle ctx={ctx} title={item.title} />
            </h4>
            <DataList
              items={[
                [t('applicationStatus.page.for'), childLabel(ctx, c.children.find((ch) => ch.id === item.childId))],
                [t('applicationStatus.page.status'), <strong>{t(`itemStatuses.${item.status}`)}</strong>],
                ...(item.status === 'granted' || item.status === 'delivered' ? (item.grantedCents !== null ? [[t('applicationStatus.page.granted'), euros(item.grantedCents, ctx.lang)] as [string, string]] : []) : []),
                ...(item.reason ? [[t('applicationStatus.page.reason'), reasonInWords(t, item.reason)] as [string, string]] : []),
              ]}
            />
            {applicantMayWithdraw(item.status) ? (
              <p class="utrecht-paragraph">
                <a class="utrecht-link" href={`${statusPath(reference)}/intrekken/${item.id}`}>
                  {t('applicationStatus.page.withdraw')}
                  <span class="kansrijk-visually-hidden">
                    : <ProvisionTitle ctx={ctx} title={item.title} />
                  </span>
                </a>
              </p>
            ) : null}
          </li>
        ))}
      </ul>

      <h3 class="utrecht-heading-3">{t('applicationStatus.page.contact', { organisation })}</h3>
      <ContactList ctx={ctx} c={c} />

      <h3 class="utrecht-heading-3">{t('applicationStatus.page.messages')}</h3>
      {c.messages.length === 0 ? <p class="utrecht-paragraph">{t('applicationStatus.page.noMessages')}</p> : null}
      <ul class="kansrijk-plain-list">
        {c.messages.map((m) => (
          <li class="kansrijk-message" key={m.id}>
            <p class="utrecht-paragraph">
              <strong>{m.sender === 'applicant' ? t('applicationStatus.page.fromYou') : t('applicationStatus.page.fromOrganisation', { organisation })}</strong>
              {', '}
              <time dateTime={m.createdAt.toISOString()}>{formatDateTime(m.createdAt, ctx.lang)}</time>
            </p>
            <p class="utrecht-paragraph kansrijk-mail__body">{m.body}</p>
          </li>
        ))}
      </ul>
      {showReply ? (
        <form method="post" action={`${statusPath(reference)}/bericht`} novalidate class="kansrijk-form">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="zaak" value={c.id} />
          <TextAreaField name={messageField(c.id)} label={t('applicationStatus.page.reply', { organisation })} hint={t('applicationStatus.page.replyHint')} t={t} errors={errors} value={values[messageField(c.id)] ?? ''} maxLength={MAX_MESSAGE} rows={5} />
          <SubmitButton>{t('applicationStatus.page.send')}</SubmitButton>
        </form>
      ) : null}

      <h3 class="utrecht-heading-3">{t('applicationStatus.page.documents')}</h3>
      {c.documents.length === 0 ? (
        <p class="utrecht-paragraph">{t('applicationStatus.page.noDocuments')}</p>
      ) : (
        <ul class="utrecht-unordered-list">
          {c.documents.map((d) => (
            <li key={d.id}>
              <a class="utrecht-link" href={`${statusPath(reference)}/document/${d.id}`}>
                {d.fileName}
              </a>{' '}
              ({t('applicationStatus.page.documentFacts', {
                type: (EXTENSIONS[d.contentType as DocumentType] ?? '').toUpperCase(),
                size: formatSize(d.sizeBytes, ctx.lang),
                date: formatDate(d.createdAt, ctx.lang),
                by: d.uploadedBy === 'applicant' ? t('applicationStatus.page.uploadedByYou') : t('applicationStatus.page.uploadedByOrganisation', { organisation }),
              })})
            </li>
          ))}
        </ul>
      )}
      {showUpload ? (
        // The token comes before the file, so the server checks it before it reads the file.
        <form method="post" action={`${statusPath(reference)}/document`} enctype="multipart/form-data" novalidate class="kansrijk-form">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="zaak" value={c.id} />
          <FileField errorKey={fileField(c.id)} name="bestand" label={t('applicationStatus.page.file')} hint={t('applicationStatus.page.fileHint')} accept={ACCEPT} t={t} errors={errors} />
          <SubmitButton secondary>{t('applicationStatus.page.upload')}</SubmitButton>
        </form>
      ) : null}

      <h3 class="utrecht-heading-3">{t('applicationStatus.page.timeline')}</h3>
      <ul class="kansrijk-plain-list kansrijk-timeline">
        {c.events.map((e) => (
          <li key={e.id}>
            <time dateTime={e.at.toISOString()}>{formatDateTime(e.at, ctx.lang)}</time>: <EventText ctx={ctx} c={c} e={e} />
          </li>
        ))}
      </ul>

      <CaseDataSection ctx={ctx} c={c} />
    </section>
  );
}

function EventText({ ctx, c, e }: { ctx: PageContext; c: CaseView; e: EventView }) {
  const { t } = ctx;
  const organisation = c.organisation.name;
  if ((e.kind === 'status_changed' || e.kind === 'withdrawn') && typeof e.details.to === 'string') {
    const item = c.items.find((i) => i.id === e.itemId);
    return (
      <>
        {item ? (
          <>
            <ProvisionTitle ctx={ctx} title={item.title} />
            {': '}
          </>
        ) : null}
        {t(`itemStatuses.${e.details.to}`)}
      </>
    );
  }
  // The back office's steps (visits, payments, referrals) in the family's words.
  const handled = caseEventText(t, ctx.lang, organisation, e);
  if (handled) return <>{handled}</>;
  if (!KNOWN_EVENTS.has(e.kind)) return <>{t('applicationStatus.events.other')}</>;
  return <>{t(`applicationStatus.events.${e.kind}`, { organisation, name: typeof e.details.fileName === 'string' ? e.details.fileName : '' })}</>;
}

function ContactList({ ctx, c }: { ctx: PageContext; c: CaseView }) {
  const { t } = ctx;
  const o = c.organisation;
  const rows: Array<[string, ComponentChildren]> = [];
  if (o.email) rows.push([t('applicationStatus.page.email'), <a class="utrecht-link" href={`mailto:${o.email}`}>{o.email}</a>]);
  if (o.phone) rows.push([t('applicationStatus.page.phone'), <a class="utrecht-link" href={`tel:${o.phone.replace(/[^\d+]/g, '')}`}>{o.phone}</a>]);
  if (o.website && /^https?:\/\//.test(o.website)) rows.push([t('applicationStatus.page.website'), <a class="utrecht-link" href={o.website} rel="external noopener">{o.website}</a>]);
  if (o.address) rows.push([t('applicationStatus.page.address'), o.address]);
  return (
    <>
      <p class="utrecht-paragraph">{t('applicationStatus.page.contactIntro', { organisation: o.name })}</p>
      {rows.length > 0 ? <DataList items={rows} /> : null}
    </>
  );
}
