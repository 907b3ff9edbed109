import { Layout, CsrfField, type PageContext } from '../../core/layout/Layout.tsx';
import { DataList, ErrorSummary, Notice, SubmitButton, type FieldErrors } from '../../core/layout/forms.tsx';
import { formatDateTime } from '../../core/i18n/format.ts';
import { Table } from '../admin/table.tsx';
import { changedKeys, hasUnpublishedChanges, type ManagedOrganisation, type ProvisionRecord } from './manage-data.ts';
import { ProvisionForm, summaryErrors } from './manage-form.tsx';
import { PublicPreview } from './manage-preview.tsx';
import type { FormValues } from './manage-parse.ts';

export const BASE = '/beheer/voorzieningen';
export const NOTICES = ['aangemaakt', 'opgeslagen', 'gepubliceerd', 'ongewijzigd', 'gearchiveerd', 'teruggezet'] as const;

/** Staff read in Dutch or English; the provision's own title follows. */
const titleOf = (ctx: PageContext, p: ProvisionRecord) => (ctx.lang === 'en' ? p.working.rules.title.en : p.working.rules.title.nl);

const Status = ({ ctx, p }: { ctx: PageContext; p: ProvisionRecord }) => <>{ctx.t(`catalogueManage.status.${p.status}`)}</>;

interface ListProps {
  ctx: PageContext;
  provisions: ProvisionRecord[];
  /** set for the national office: the organisation filter */
  organisations: Array<{ id: string; name: string }> | null;
  selected: string | null;
}

export function ListPage({ ctx, provisions, organisations, selected }: ListProps) {
  const { t } = ctx;
  const newHref = selected ? `${BASE}/nieuw?organisatie=${selected}` : `${BASE}/nieuw`;
  return (
    <Layout ctx={ctx} title={t('catalogueManage.list.title')}>
      <h1 class="utrecht-heading-1">{t('catalogueManage.list.title')}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{t('catalogueManage.list.lead')}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-button-link utrecht-button-link--primary-action" href={newHref}>{t('catalogueManage.list.new')}</a>
      </p>
      {organisations ? (
        <form method="get" action={BASE} class="kansrijk-filters" role="search" aria-label={t('admin.filter')}>
          <div class="utrecht-form-field">
            <label class="utrecht-form-label" for="filter-organisatie">{t('catalogueManage.list.organisation')}</label>
            <select class="utrecht-select utrecht-select--html-select" id="filter-organisatie" name="organisatie">
              <option value="">{t('admin.all')}</option>
              {organisations.map((o) => (
                <option value={o.id} selected={o.id === selected} key={o.id}>{o.name}</option>
              ))}
            </select>
          </div>
          <button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('admin.filter')}</button>
        </form>
      ) : null}
      <p class="utrecht-paragraph" role="status">{t('catalogueManage.list.count', { count: provisions.length })}</p>
      <Table
        label={t('catalogueManage.list.title')}
        empty={t('catalogueManage.list.empty')}
        head={[
          t('catalogueManage.fields.title'),
          ...(organisations ? [t('catalogueManage.list.organisation')] : []),
          t('catalogueManage.fields.theme'),
          t('catalogueManage.list.status'),
          t('catalogueManage.list.version'),
          t('catalogueManage.list.changes'),
          t('catalogueManage.list.updated'),
        ]}
        rows={provisions.map((p) => [
          <a class="utrecht-link" href={`${BASE}/${p.id}`}>{titleOf(ctx, p)}</a>,
          ...(organisations ? [p.organisation.name] : []),
          t(`themes.${p.working.theme}`),
          <Status ctx={ctx} p={p} />,
          p.version > 0 ? String(p.version) : '–',
          p.version === 0 ? t('catalogueManage.list.neverPublished') : hasUnpublishedChanges(p) ? <strong>{t('catalogueManage.list.unpublished')}</strong> : t('catalogueManage.list.upToDate'),
          formatDateTime(p.updatedAt, ctx.lang),
        ])}
      />
    </Layout>
  );
}

export function ChooseOrganisationPage({ ctx, organisations }: { ctx: PageContext; organisations: Array<{ id: string; name: string }> }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('catalogueManage.new.title')}>
      <h1 class="utrecht-heading-1">{t('catalogueManage.new.title')}</h1>
      <form method="get" action={`${BASE}/nieuw`} class="kansrijk-form">
        <div class="utrecht-form-field">
          <label class="utrecht-form-label" for="choose-organisatie">{t('catalogueManage.new.chooseOrganisation')}</label>
          <select class="utrecht-select utrecht-select--html-select" id="choose-organisatie" name="organisatie">
            {organisations.map((o) => (
              <option value={o.id} key={o.id}>{o.name}</option>
            ))}
          </select>
        </div>
        <SubmitButton>{t('catalogueManage.new.next')}</SubmitButton>
      </form>
    </Layout>
  );
}

interface FormPageProps {
  ctx: PageContext;
  title: string;
  organisation: ManagedOrganisation;
  errors: FieldErrors;
  values: FormValues;
  action: string;
  cancelHref: string;
  municipalities: Array<{ code: string; common_name: string }>;
}

export function FormPage({ ctx, title, organisation, errors, values, action, cancelHref, municipalities }: FormPageProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      <a class="utrecht-link kansrijk-back" href={cancelHref}>{t('common.back')}</a>
      <h1 class="utrecht-heading-1">{title}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{t('catalogueManage.form.lead', { organisation: organisation.name })}</p>
      <ErrorSummary errors={summaryErrors(t, errors)} t={t} />
      <ProvisionForm ctx={ctx} errors={errors} values={values} action={action} cancelHref={cancelHref} municipalities={municipalities} />
    </Layout>
  );
}

interface DetailProps {
  ctx: PageContext;
  p: ProvisionRecord;
  history: Array<{ version: number; published_at: Date; municipality_codes: string[]; published_by_name: string | null; published_by_email: string | null }>;
  municipalityNames: Map<string, string>;
  notice: string | null;
  problem: string | null;
}

export function DetailPage({ ctx, p, history, municipalityNames, notice, problem }: DetailProps) {
  const { t } = ctx;
  const r = p.working.rules;
  const pending = p.published ? changedKeys(p.working, p.published) : [];
  const action = (path: string, label: string, secondary = true) => (
    <form method="post" action={`${BASE}/${p.id}/${path}`} class="kansrijk-inline-form">
      <CsrfField token={ctx.csrfToken} />
      <SubmitButton secondary={secondary}>{label}</SubmitButton>
    </form>
  );
  const facts: Array<[string, string]> = [
    [t('catalogueManage.list.organisation'), p.organisation.name],
    [t('catalogueManage.fields.theme'), t(`themes.${p.working.theme}`)],
    [t('catalogueManage.list.status'), t(`catalogueManage.status.${p.status}`)],
    [t('catalogueManage.list.version'), p.version > 0 ? String(p.version) : t('catalogueManage.list.neverPublished')],
    [t('catalogueManage.list.updated'), formatDateTime(p.updatedAt, ctx.lang)],
    [t('catalogueManage.fields.coverage'), p.working.municipalities ? p.working.municipalities.map((c) => municipalityNames.get(c) ?? c).join(', ') : t('catalogueManage.detail.allMunicipalities')],
    [t('catalogueManage.fields.applicants'), r.applicants.map((a) => t(`catalogue.applicants.${a}`)).join(', ')],
    [t('catalogueManage.fields.requiredFields'), r.requiredFields.map((f) => t(`catalogue.fields.${f}`)).join(', ') || '–'],
    [t('catalogueManage.fields.exclusiveGroup'), r.exclusiveGroup ?? '–'],
    [t('catalogueManage.fields.checksMunicipalFirst'), r.checksMunicipalFirst ? t('common.yes') : t('common.no')],
  ];
  return (
    <Layout ctx={ctx} title={titleOf(ctx, p)}>
      <a class="utrecht-link kansrijk-back" href={`${BASE}?organisatie=${p.organisation.id}`}>{t('catalogueManage.detail.back')}</a>
      <h1 class="utrecht-heading-1">{titleOf(ctx, p)}</h1>
      {notice ? <Notice kind="ok">{t(`catalogueManage.notice.${notice}`)}</Notice> : null}
      {problem ? <Notice kind="error">{t(problem)}</Notice> : null}
      {p.status === 'archived' ? <Notice kind="warning">{t('catalogueManage.detail.archived')}</Notice> : null}
      {p.version === 0 && p.status !== 'archived' ? <Notice kind="info">{t('catalogueManage.detail.draft')}</Notice> : null}
      {pending.length > 0 ? <Notice kind="warning">{t('catalogueManage.detail.pending', { keys: pending.map((k) => t(`catalogueManage.keys.${k}`)).join(', ') })}</Notice> : null}
      <div class="kansrijk-actions">
        <a class="utrecht-button-link utrecht-button-link--secondary-action" href={`${BASE}/${p.id}/bewerken`}>{t('catalogueManage.detail.edit')}</a>
        {p.status !== 'archived' && (p.version === 0 || pending.length > 0) ? action('publiceren', t('catalogueManage.detail.publish'), false) : null}
        {p.status === 'archived' ? action('terugzetten', t('catalogueManage.detail.restore')) : action('archiveren', t('catalogueManage.detail.archive'))}
      </div>
      <DataList items={facts} />
      <h2 class="utrecht-heading-2" id="preview-title">{t('catalogueManage.detail.previewTitle')}</h2>
      <p class="utrecht-paragraph">{t('catalogueManage.detail.previewLead')}</p>
      <PublicPreview t={t} rules={r} theme={p.working.theme} organisation={p.organisation} />
      <h2 class="utrecht-heading-2">{t('catalogueManage.detail.historyTitle')}</h2>
      <Table
        label={t('catalogueManage.detail.historyTitle')}
        empty={t('catalogueManage.detail.noHistory')}
        head={[t('catalogueManage.list.version'), t('catalogueManage.detail.publishedAt'), t('catalogueManage.detail.publishedBy'), t('catalogueManage.fields.coverage')]}
        rows={history.map((h) => [
          String(h.version),
          formatDateTime(h.published_at, ctx.lang),
          h.published_by_name ? `${h.published_by_name} (${h.published_by_email ?? ''})` : t('catalogueManage.detail.publishedBySystem'),
          h.municipality_codes.length > 0 ? h.municipality_codes.map((c) => municipalityNames.get(c) ?? c).join(', ') : t('catalogueManage.detail.allMunicipalities'),
        ])}
      />
    </Layout>
  );
}
