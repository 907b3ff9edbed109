import type { ComponentChildren } from 'preact';
import { CsrfField, Layout, type PageContext } from '../../core/layout/Layout.tsx';
import { DataList, ErrorSummary, Notice, SubmitButton, TextAreaField, type FieldErrors } from '../../core/layout/forms.tsx';
import { formatDate, formatDateTime } from '../../core/i18n/format.ts';
import { can } from '../../core/auth/permissions.ts';
import { applicantRows, childLabel, childRows, itemRows } from '../applications/case-data-view.tsx';
import { ProvisionTitle } from '../applications/view-parts.tsx';
import { formatSize } from '../applications/uploads.ts';
import type { CaseDetail } from './case-data.ts';
import { ItemSection, Timeline, VisitList, casePath } from './case-parts.tsx';
import { MAX_NOTE } from './actions.ts';

export const CASE_NOTICES = ['toegewezen', 'notitie', 'informatie', 'afspraak', 'bezoek', 'gestart', 'besloten', 'geleverd', 'afgesloten', 'doorverwezen', 'toestemming-gevraagd', 'niet-mogelijk'] as const;
export type CaseNotice = (typeof CASE_NOTICES)[number];

interface CasePageProps {
  ctx: PageContext;
  detail: CaseDetail;
  workers: Array<{ id: string; name: string }>;
  notice: CaseNotice | null;
  errors?: FieldErrors;
  values?: Record<string, string>;
  now: Date;
}

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id} class="kansrijk-check-section">
      <h2 class="utrecht-heading-2" id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function CasePage({ ctx, detail, workers, notice, errors = {}, values = {}, now }: CasePageProps) {
  const { t, staff } = ctx;
  const row = detail.row;
  const base = casePath(row.id);
  const open = row.status === 'open';
  const overdue = open && row.due_at !== null && row.due_at.getTime() < now.getTime();
  const role = staff!.role;
  const title = t('cases.case.title', { reference: detail.reference });
  const channel = t(`cases.channels.${row.channel}`);
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      <a class="utrecht-link kansrijk-back" href="/beheer/aanvragen">{t('cases.case.back')}</a>
      <h1 class="utrecht-heading-1">{title}</h1>
      {notice ? <Notice kind={notice === 'niet-mogelijk' ? 'warning' : 'ok'}>{t(`cases.notices.${notice}`)}</Notice> : null}
      <ErrorSummary errors={errors} t={t} />
      {overdue ? <Notice kind="warning">{t('cases.case.overdue', { date: formatDate(row.due_at!, ctx.lang) })}</Notice> : null}
      <DataList
        items={[
          [t('cases.case.status'), open ? t('cases.case.open') : t('cases.case.closed')],
          [t('cases.case.received'), formatDateTime(row.released_at!, ctx.lang)],
          [t('cases.case.due'), row.due_at ? formatDate(row.due_at, ctx.lang) : '–'],
          [t('cases.case.assignee'), detail.assignee ?? t('cases.queue.nobody')],
          [t('cases.case.channel'), detail.enteredBy ? t('cases.case.enteredBy', { channel, name: detail.enteredBy }) : channel],
          [t('cases.case.municipality'), detail.municipality],
          ...(detail.referredFrom ? [[t('cases.case.referredFrom'), t('cases.case.referredFromValue', { organisation: detail.referredFrom.organisation, date: formatDate(detail.referredFrom.at, ctx.lang) })] as [string, string]] : []),
          ...(detail.referredFrom?.note ? [[t('cases.case.referralNote'), <span class="kansrijk-mail__body">{detail.referredFrom.note}</span>] as [string, ComponentChildren]] : []),
        ]}
      />

      {open && can(role, 'cases.handle') ? (
        <Section id="acties" title={t('cases.case.actions')}>
          <form method="post" action={`${base}/toewijzen`} class="kansrijk-filters">
            <CsrfField token={ctx.csrfToken} />
            <div class="utrecht-form-field">
              <label class="utrecht-form-label" for="field-behandelaar">{t('cases.case.assignTo')}</label>
              <select class="utrecht-select utrecht-select--html-select" id="field-behandelaar" name="behandelaar">
                <option value="">{t('cases.queue.nobody')}</option>
                {workers.map((w) => (
                  <option value={w.id} selected={w.id === row.assigned_user_id} key={w.id}>{w.name}</option>
                ))}
              </select>
            </div>
            <SubmitButton secondary>{t('cases.case.assign')}</SubmitButton>
          </form>
          <ul class="utrecht-link-list kansrijk-actions">
            <li class="utrecht-link-list__item"><a class="utrecht-link" href={`${base}/informatie`}>{t('cases.case.askInformation')}</a></li>
            <li class="utrecht-link-list__item"><a class="utrecht-link" href={`${base}/afspraak`}>{t('cases.case.planVisit')}</a></li>
            <li class="utrecht-link-list__item"><a class="utrecht-link" href={`${base}/doorverwijzen`}>{t('cases.case.refer')}</a></li>
            <li class="utrecht-link-list__item"><a class="utrecht-link" href={`${base}/afsluiten`}>{t('cases.case.close')}</a></li>
          </ul>
        </Section>
      ) : null}
      {!open && can(role, 'cases.handle') ? (
        <p class="utrecht-paragraph"><a class="utrecht-link" href={`${base}/doorverwijzen`}>{t('cases.case.refer')}</a></p>
      ) : null}

      <Section id="aanvragen" title={t('cases.case.requests')}>
        <ul class="kansrijk-plain-list">
          {detail.items.map((item) => <ItemSection key={item.id} ctx={ctx} detail={detail} item={item} />)}
        </ul>
      </Section>

      <Section id="afspraken" title={t('cases.case.visits')}>
        <VisitList ctx={ctx} detail={detail} />
      </Section>

      <Section id="gegevens" title={t('cases.case.data')}>
        <p class="utrecht-paragraph">{t('cases.case.dataIntro')}</p>
        <h3 class="utrecht-heading-3">{t('cases.case.applicant')}</h3>
        <DataList items={applicantRows(ctx, detail.view)} />
        {detail.view.children.map((child) => (
          <div key={child.id}>
            <h3 class="utrecht-heading-3">{t('cases.case.child', { name: childLabel(ctx, child) })}</h3>
            <DataList items={childRows(ctx, child)} />
          </div>
        ))}
        {detail.view.items.map((item) => {
          const rows = itemRows(ctx, item);
          return rows.length > 0 ? (
            <div key={item.id}>
              <h3 class="utrecht-heading-3">{t('cases.case.itemData')} <ProvisionTitle ctx={ctx} title={item.title} /></h3>
              <DataList items={rows} />
            </div>
          ) : null;
        })}
        <h3 class="utrecht-heading-3">{t('cases.case.consents')}</h3>
        <ul class="utrecht-unordered-list">
          {detail.consents.map((c, i) => (
            <li key={i}>
              {t(`cases.case.consentBy.${c.givenBy}`, { date: formatDateTime(c.givenAt, ctx.lang), name: c.confirmedBy ?? '' })}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="berichten" title={t('cases.case.messages')}>
        {detail.view.messages.length === 0 ? <p class="utrecht-paragraph">{t('cases.case.noMessages')}</p> : null}
        <ul class="kansrijk-plain-list">
          {detail.view.messages.map((m) => (
            <li class="kansrijk-message" key={m.id}>
              <p class="utrecht-paragraph">
                <strong>{m.sender === 'applicant' ? t('cases.case.fromApplicant') : t('cases.case.fromUs')}</strong>, <time dateTime={m.createdAt.toISOString()}>{formatDateTime(m.createdAt, ctx.lang)}</time>
              </p>
              <p class="utrecht-paragraph kansrijk-mail__body">{m.body}</p>
            </li>
          ))}
        </ul>
        <h3 class="utrecht-heading-3">{t('cases.case.documents')}</h3>
        {detail.view.documents.length === 0 ? <p class="utrecht-paragraph">{t('cases.case.noDocuments')}</p> : (
          <ul class="utrecht-unordered-list">
            {detail.view.documents.map((d) => (
              <li key={d.id}>
                <a class="utrecht-link" href={`${base}/document/${d.id}`}>{d.fileName}</a> ({formatSize(d.sizeBytes, ctx.lang)}, {formatDate(d.createdAt, ctx.lang)})
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="notities" title={t('cases.case.notes')}>
        <p class="utrecht-paragraph">{t('cases.case.notesIntro')}</p>
        <ul class="kansrijk-plain-list">
          {detail.notes.map((n) => (
            <li class="kansrijk-message" key={n.id}>
              <p class="utrecht-paragraph"><strong>{n.author ?? '–'}</strong>, <time dateTime={n.at.toISOString()}>{formatDateTime(n.at, ctx.lang)}</time></p>
              <p class="utrecht-paragraph kansrijk-mail__body">{n.body}</p>
            </li>
          ))}
        </ul>
        {can(role, 'cases.note') ? (
          <form method="post" action={`${base}/notitie`} novalidate class="kansrijk-form">
            <CsrfField token={ctx.csrfToken} />
            <TextAreaField name="notitie" label={t('cases.case.noteLabel')} hint={t('cases.case.noteHint')} t={t} errors={errors} value={values.notitie ?? ''} maxLength={MAX_NOTE} rows={3} />
            <SubmitButton secondary>{t('cases.case.addNote')}</SubmitButton>
          </form>
        ) : null}
      </Section>

      <Section id="doorverwijzingen" title={t('cases.case.referrals')}>
        {detail.referralsOut.length === 0 ? <p class="utrecht-paragraph">{t('cases.case.noReferrals')}</p> : (
          <ul class="utrecht-unordered-list">
            {detail.referralsOut.map((r) => (
              <li key={r.id}>
                {r.organisation}: <ProvisionTitle ctx={ctx} title={r.title} /> – {t(`cases.referral.statuses.${r.status}`)}
                {r.itemStatus ? ` (${t(`cases.itemStatus.${r.itemStatus}`)})` : ''}, {formatDate(r.createdAt, ctx.lang)}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="tijdlijn" title={t('cases.case.timeline')}>
        <Timeline ctx={ctx} detail={detail} />
      </Section>
    </Layout>
  );
}
