import { CsrfField, Layout, type PageContext } from '../../core/layout/Layout.tsx';
import { DataList, ErrorSummary, Notice, RadioGroup, SubmitButton, TextAreaField, type FieldErrors } from '../../core/layout/forms.tsx';
import { formatDate } from '../../core/i18n/format.ts';
import type { ApprovalStatus, EmployerType } from '../../core/db/schema.ts';
import { Table } from '../admin/table.tsx';
import type { ApprovalDecision } from './registration.ts';

export interface ProfessionalRow {
  id: string;
  name: string;
  email: string;
  phone: string;
  employer_type: EmployerType;
  employer_name: string;
  employer_place: string;
  job_title: string;
  status: ApprovalStatus;
  reason: string | null;
  requested_at: Date;
  decided_at: Date | null;
  municipalities: string[];
}

const BASE = '/beheer/intermediairs';
const FILTERS = ['pending', 'approved', 'rejected', 'suspended', 'all'] as const;

export function ApprovalsPage(props: { ctx: PageContext; rows: ProfessionalRow[]; filter: (typeof FILTERS)[number]; requiresApproval: boolean; notice: 'setting' | null; errors: FieldErrors }) {
  const { ctx, rows, filter, requiresApproval, notice, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('professionals.manage.title')} hasErrors={Object.keys(errors).length > 0}>
      <h1 class="utrecht-heading-1">{t('professionals.manage.title')}</h1>
      {notice ? <Notice kind="ok">{t('professionals.manage.settingSaved')}</Notice> : null}
      <ErrorSummary errors={errors} t={t} />
      <p class="utrecht-paragraph">{t('professionals.manage.intro')}</p>
      <form method="get" action={BASE} class="kansrijk-filters">
        <div class="utrecht-form-field">
          <label class="utrecht-form-label" for="field-toon">{t('professionals.manage.filter')}</label>
          <select class="utrecht-select utrecht-select--html-select" id="field-toon" name="toon">
            {FILTERS.map((f) => (
              <option key={f} value={f} selected={f === filter}>{t(`professionals.manage.filters.${f}`)}</option>
            ))}
          </select>
        </div>
        <SubmitButton secondary>{t('professionals.manage.show')}</SubmitButton>
      </form>
      <Table
        label={t('professionals.manage.title')}
        head={[t('professionals.manage.name'), t('professionals.manage.employer'), t('professionals.manage.job'), t('professionals.manage.status'), t('professionals.manage.requested')]}
        empty={t('professionals.manage.none')}
        rows={rows.map((r) => [
          <a class="utrecht-link" href={`${BASE}/${r.id}`}>{r.name}</a>,
          `${r.employer_name}, ${r.employer_place}`,
          r.job_title,
          t(`professionals.approvalStatus.${r.status}`),
          formatDate(r.requested_at, ctx.lang),
        ])}
      />
      <section aria-labelledby="instelling">
        <h2 class="utrecht-heading-2" id="instelling">{t('professionals.manage.setting')}</h2>
        <form method="post" action={`${BASE}/instelling`} novalidate class="kansrijk-form">
          <CsrfField token={ctx.csrfToken} />
          <RadioGroup
            name="goedkeuring"
            legend={t('professionals.manage.settingLegend')}
            t={t}
            errors={errors}
            options={[{ value: 'ja', label: t('professionals.manage.settingYes') }, { value: 'nee', label: t('professionals.manage.settingNo') }]}
            selected={requiresApproval ? 'ja' : 'nee'}
          />
          <SubmitButton secondary>{t('professionals.manage.settingSave')}</SubmitButton>
        </form>
      </section>
    </Layout>
  );
}

export function ProfessionalPage(props: { ctx: PageContext; row: ProfessionalRow; decisions: ApprovalDecision[]; errors: FieldErrors; values: Record<string, unknown>; notice: 'approved' | 'rejected' | 'suspended' | null }) {
  const { ctx, row, decisions, errors, values, notice } = props;
  const { t } = ctx;
  const title = t('professionals.manage.detailTitle', { name: row.name });
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      <a class="utrecht-link kansrijk-back" href={BASE}>{t('professionals.manage.back')}</a>
      <h1 class="utrecht-heading-1">{title}</h1>
      {notice ? <Notice kind="ok">{t(`professionals.manage.decided.${notice}`)}</Notice> : null}
      <ErrorSummary errors={errors} t={t} />
      <DataList
        items={[
          [t('professionals.manage.status'), row.reason ? `${t(`professionals.approvalStatus.${row.status}`)}: ${row.reason}` : t(`professionals.approvalStatus.${row.status}`)],
          [t('professionals.manage.email'), row.email],
          [t('professionals.manage.phone'), row.phone],
          [t('professionals.manage.employer'), `${row.employer_name} (${t(`professionals.employerTypes.${row.employer_type}`)})`],
          [t('professionals.manage.place'), row.employer_place],
          [t('professionals.manage.job'), row.job_title],
          [t('professionals.manage.municipalities'), row.municipalities.join(', ')],
          [t('professionals.manage.requested'), formatDate(row.requested_at, ctx.lang)],
        ]}
      />
      <section aria-labelledby="besluit">
        <h2 class="utrecht-heading-2" id="besluit">{t('professionals.manage.decision')}</h2>
        <form method="post" action={`${BASE}/${row.id}`} novalidate class="kansrijk-form">
          <CsrfField token={ctx.csrfToken} />
          <RadioGroup
            name="besluit"
            legend={t('professionals.manage.decisionLegend')}
            t={t}
            errors={errors}
            options={decisions.map((d) => ({ value: d, label: t(`professionals.manage.decisions.${d}`) }))}
            selected={typeof values.besluit === 'string' ? values.besluit : ''}
          />
          <TextAreaField name="reden" label={t('professionals.manage.reasonLabel')} hint={t('professionals.manage.reasonHint')} t={t} errors={errors} value={typeof values.reden === 'string' ? values.reden : ''} maxLength={1000} rows={3} />
          <SubmitButton>{t('professionals.manage.decide')}</SubmitButton>
        </form>
      </section>
    </Layout>
  );
}
