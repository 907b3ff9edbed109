import type { ComponentChildren } from 'preact';
import { THEMES } from '../../core/db/schema.ts';
import { CsrfField, Layout, type PageContext } from '../../core/layout/Layout.tsx';
import { DataList, ErrorSummary, Notice, SubmitButton, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { formatDateTime, formatNumber } from '../../core/i18n/format.ts';
import { AGE_BANDS } from './domain.ts';
import type { FigureTable, Filter, StoredCell, Value } from './report.ts';
import { filterParam } from './report.ts';

export const BASE = '/beheer/bereik';

/** Our own few rules (chart size, print): linked from the body, so the shared layout stays untouched. */
function Styles() {
  return <link rel="stylesheet" href="/static/css/kansrijk-reach.css" />;
}

export function formatValue(v: Value | undefined, kind: string, ctx: PageContext): ComponentChildren {
  if (v === null) {
    return (
      <span class="kansrijk-suppressed">
        <span aria-hidden="true">x</span>
        <span class="kansrijk-visually-hidden">{ctx.t('reach.suppressedShort')}</span>
      </span>
    );
  }
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (kind === 'percent') return `${formatNumber(v, ctx.lang)} %`;
  return formatNumber(v, ctx.lang);
}

export function FigureTableView({ ctx, table, csvHref, chart }: { ctx: PageContext; table: FigureTable; csvHref?: string | undefined; chart?: string | undefined }) {
  const { t } = ctx;
  const id = `tabel-${table.id}`;
  return (
    <section class="kansrijk-figures" aria-labelledby={`${id}-kop`}>
      <h2 class="utrecht-heading-2" id={`${id}-kop`}>
        {table.title}
      </h2>
      {chart ? <figure class="kansrijk-chart" dangerouslySetInnerHTML={{ __html: chart }} /> : null}
      {table.rows.length === 0 ? (
        <p class="utrecht-paragraph">{table.note ?? t('reach.noFigures')}</p>
      ) : (
        <div class="kansrijk-table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-kop`}>
          <table class="utrecht-table" id={id}>
            <caption class="kansrijk-visually-hidden">{table.title}</caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">
                  <span class="kansrijk-visually-hidden">{t('reach.rowHeader')}</span>
                </th>
                {table.columns.map((c) => (
                  <th class={`utrecht-table__header-cell${c.kind === 'text' ? '' : ' utrecht-table__header-cell--numeric'}`} scope="col" key={c.key}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {table.rows.map((r) => (
                <tr class="utrecht-table__row" key={r.label}>
                  <th class="utrecht-table__header-cell" scope="row">
                    {r.label}
                  </th>
                  {table.columns.map((c) => (
                    <td class={`utrecht-table__cell${c.kind === 'text' ? '' : ' utrecht-table__cell--numeric'}`} key={c.key}>
                      {formatValue(r.values[c.key], c.kind, ctx)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {csvHref && table.rows.length > 0 ? (
        <p class="utrecht-paragraph kansrijk-no-print">
          <a class="utrecht-link" href={csvHref} download>
            {t('reach.downloadCsv', { table: table.title })}
          </a>
        </p>
      ) : null}
    </section>
  );
}

export function SuppressionLegend({ ctx }: { ctx: PageContext }) {
  return (
    <div class="kansrijk-legend">
      <h2 class="utrecht-heading-2">{ctx.t('reach.legend.title')}</h2>
      <p class="utrecht-paragraph">{ctx.t('reach.legend.suppressed')}</p>
      <p class="utrecht-paragraph">{ctx.t('reach.legend.netGross')}</p>
      <p class="utrecht-paragraph">{ctx.t('reach.legend.periods')}</p>
    </div>
  );
}

export interface FilterOptions {
  years: number[];
  year: number;
  month: number;
  filter: Filter;
  organisations: Array<{ id: string; name: string }> | null;
  municipalities?: { options: Array<{ code: string; name: string }>; selected: string } | undefined;
  action: string;
}

export function FilterForm({ ctx, f }: { ctx: PageContext; f: FilterOptions }) {
  const { t } = ctx;
  const current = filterParam(f.filter);
  return (
    <form method="get" action={f.action} class="kansrijk-filters kansrijk-no-print" aria-label={t('reach.filters.label')}>
      <div class="utrecht-form-field">
        <label class="utrecht-form-label" for="filter-jaar">{t('reach.filters.year')}</label>
        <select class="utrecht-select utrecht-select--html-select" id="filter-jaar" name="jaar">
          {f.years.map((y) => (
            <option value={String(y)} selected={y === f.year} key={y}>{y}</option>
          ))}
        </select>
      </div>
      <div class="utrecht-form-field">
        <label class="utrecht-form-label" for="filter-maand">{t('reach.filters.month')}</label>
        <select class="utrecht-select utrecht-select--html-select" id="filter-maand" name="maand">
          <option value="">{t('reach.filters.wholeYear')}</option>
          {Array.from({ length: 12 }, (_, i) => (
            <option value={String(i + 1)} selected={f.month === i + 1} key={i}>{t(`reach.months.${i + 1}`)}</option>
          ))}
        </select>
      </div>
      {f.municipalities ? (
        <div class="utrecht-form-field">
          <label class="utrecht-form-label" for="filter-gemeente">{t('reach.filters.municipality')}</label>
          <select class="utrecht-select utrecht-select--html-select" id="filter-gemeente" name="gemeente">
            <option value="">{t('reach.filters.allMunicipalities')}</option>
            {f.municipalities.options.map((m) => (
              <option value={m.code} selected={m.code === f.municipalities!.selected} key={m.code}>{m.name}</option>
            ))}
          </select>
        </div>
      ) : null}
      <div class="utrecht-form-field">
        <label class="utrecht-form-label" for="filter-filter">{t('reach.filters.show')}</label>
        <select class="utrecht-select utrecht-select--html-select" id="filter-filter" name="filter" aria-describedby="filter-filter-hint">
          <option value="">{t('reach.filters.allChildren')}</option>
          {f.organisations ? (
            <optgroup label={t('reach.filters.organisation')}>
              {f.organisations.map((o) => (
                <option value={`o:${o.id}`} selected={current === `o:${o.id}`} key={o.id}>{o.name}</option>
              ))}
            </optgroup>
          ) : null}
          <optgroup label={t('reach.filters.theme')}>
            {THEMES.map((h) => (
              <option value={`h:${h}`} selected={current === `h:${h}`} key={h}>{t(`themes.${h}`)}</option>
            ))}
          </optgroup>
          <optgroup label={t('reach.filters.ageBand')}>
            {AGE_BANDS.map((a) => (
              <option value={`a:${a}`} selected={current === `a:${a}`} key={a}>{t(`reach.ageBands.${a}`)}</option>
            ))}
          </optgroup>
        </select>
        <div class="utrecht-form-field-description" id="filter-filter-hint">{t('reach.filters.showHint')}</div>
      </div>
      <button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('reach.filters.submit')}</button>
    </form>
  );
}

export function KeyFigures({ ctx, cell, extra }: { ctx: PageContext; cell: StoredCell; extra: Array<[string, ComponentChildren]> }) {
  const { t } = ctx;
  const v = (x: number | null) => formatValue(x === null ? null : Number(x), 'count', ctx);
  return (
    <section aria-labelledby="kerncijfers-kop">
      <h2 class="utrecht-heading-2" id="kerncijfers-kop">{t('reach.keyFigures')}</h2>
      <DataList
        items={[
          [t('reach.measures.received'), v(cell.received)],
          [t('reach.measures.granted'), v(cell.granted)],
          [t('reach.measures.rejected'), v(cell.rejected)],
          [t('reach.measures.net'), v(cell.net)],
          [t('reach.measures.median'), cell.median_days === null ? formatValue(null, 'days', ctx) : t('reach.days', { days: formatNumber(Number(cell.median_days), ctx.lang) })],
          ...extra,
        ]}
      />
    </section>
  );
}

export function DashboardPage({ ctx, title, lead, refreshed, illustrative, children, links }: { ctx: PageContext; title: string; lead: string; refreshed: Date | null; illustrative: boolean; links: Array<[string, string]>; children: ComponentChildren }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title}>
      <Styles />
      <h1 class="utrecht-heading-1">{title}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{lead}</p>
      <p class="utrecht-paragraph">{refreshed ? t('reach.refreshedAt', { at: formatDateTime(refreshed, ctx.lang) }) : t('reach.neverRefreshed')}</p>
      {illustrative ? <Notice kind="warning">{t('reach.illustrative')}</Notice> : null}
      {links.length > 0 ? (
        <ul class="utrecht-link-list kansrijk-no-print">
          {links.map(([href, label]) => (
            <li class="utrecht-link-list__item" key={href}>
              <a class="utrecht-link" href={href}>{label}</a>
            </li>
          ))}
        </ul>
      ) : null}
      {children}
      <SuppressionLegend ctx={ctx} />
    </Layout>
  );
}

export function LandingPage({ ctx, municipalities, organisation, national }: { ctx: PageContext; municipalities: Array<{ code: string; name: string }>; organisation: { id: string; name: string } | null; national: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('reach.title')}>
      <h1 class="utrecht-heading-1">{t('reach.title')}</h1>
      <p class="utrecht-paragraph">{t('reach.intro')}</p>
      <ul class="utrecht-link-list">
        {national ? (
          <li class="utrecht-link-list__item"><a class="utrecht-link" href={`${BASE}/landelijk`}>{t('reach.national.title')}</a></li>
        ) : null}
        {municipalities.map((m) => (
          <li class="utrecht-link-list__item" key={m.code}><a class="utrecht-link" href={`${BASE}/gemeente/${m.code}`}>{t('reach.municipality.title', { name: m.name })}</a></li>
        ))}
        {organisation ? (
          <li class="utrecht-link-list__item"><a class="utrecht-link" href={`${BASE}/organisatie/${organisation.id}`}>{t('reach.organisation.title', { name: organisation.name })}</a></li>
        ) : null}
      </ul>
    </Layout>
  );
}

export interface TargetFormValues {
  jaar: string;
  kinderen: string;
  bijstand: string;
  werkend: string;
  doel_bijstand: string;
  doel_werkend: string;
  doel_totaal: string;
}

export function TargetsPage({ ctx, name, code, errors, values, rows, saved }: { ctx: PageContext; name: string; code: string; errors: FieldErrors; values: TargetFormValues; rows: FigureTable; saved: boolean }) {
  const { t } = ctx;
  const title = t('reach.targets.title', { name });
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      <Styles />
      <h1 class="utrecht-heading-1">{title}</h1>
      <p class="utrecht-paragraph">{t('reach.targets.intro')}</p>
      {saved ? <Notice kind="ok">{t('reach.targets.saved')}</Notice> : null}
      <FigureTableView ctx={ctx} table={rows} />
      <h2 class="utrecht-heading-2">{t('reach.targets.formTitle')}</h2>
      <ErrorSummary errors={errors} t={t} />
      <form method="post" action={`${BASE}/gemeente/${code}/doelen`} class="kansrijk-form" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="jaar" label={t('reach.targets.year')} t={t} errors={errors} value={values.jaar} inputMode="numeric" maxLength={4} autocomplete="off" />
        <fieldset class="utrecht-form-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t('reach.targets.groupLegend')}</legend>
          <TextField name="kinderen" label={t('reach.targets.children')} hint={t('reach.targets.childrenHint')} t={t} errors={errors} value={values.kinderen} inputMode="numeric" maxLength={8} />
          <TextField name="bijstand" label={t('reach.targets.socialAssistance')} hint={t('reach.targets.optional')} t={t} errors={errors} value={values.bijstand} inputMode="numeric" maxLength={8} />
          <TextField name="werkend" label={t('reach.targets.workingPoor')} hint={t('reach.targets.optional')} t={t} errors={errors} value={values.werkend} inputMode="numeric" maxLength={8} />
        </fieldset>
        <fieldset class="utrecht-form-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t('reach.targets.targetLegend')}</legend>
          <TextField name="doel_bijstand" label={t('reach.targets.pctSocialAssistance')} hint={t('reach.targets.pctHintSa')} t={t} errors={errors} value={values.doel_bijstand} inputMode="numeric" maxLength={3} />
          <TextField name="doel_werkend" label={t('reach.targets.pctWorkingPoor')} hint={t('reach.targets.pctHintWp')} t={t} errors={errors} value={values.doel_werkend} inputMode="numeric" maxLength={3} />
          <TextField name="doel_totaal" label={t('reach.targets.pctAll')} hint={t('reach.targets.pctHintAll')} t={t} errors={errors} value={values.doel_totaal} inputMode="numeric" maxLength={3} />
        </fieldset>
        <SubmitButton>{t('reach.targets.save')}</SubmitButton>
      </form>
      <p class="utrecht-paragraph"><a class="utrecht-link" href={`${BASE}/gemeente/${code}`}>{t('reach.backToDashboard')}</a></p>
    </Layout>
  );
}

export function ImportPage({ ctx, errors, report, refreshQueued }: { ctx: PageContext; errors: FieldErrors; report: { imported: number; skipped: number; problems: Array<{ line: number; message: string }>; years: number[] } | null; refreshQueued: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('reach.import.title')} hasErrors={Object.keys(errors).length > 0}>
      <Styles />
      <h1 class="utrecht-heading-1">{t('reach.import.title')}</h1>
      <p class="utrecht-paragraph">{t('reach.import.intro')}</p>
      <p class="utrecht-paragraph">{t('reach.import.format')}</p>
      {refreshQueued ? <Notice kind="ok">{t('reach.refreshQueued')}</Notice> : null}
      {report ? (
        <Notice kind={report.problems.length > 0 ? 'warning' : 'ok'}>
          <p class="utrecht-paragraph">{t('reach.import.done', { count: report.imported, skipped: report.skipped, years: report.years.join(', ') })}</p>
          {report.problems.length > 0 ? (
            <>
              <p class="utrecht-paragraph">{t('reach.import.problems', { count: report.problems.length })}</p>
              <ul class="utrecht-unordered-list">
                {report.problems.slice(0, 100).map((p) => (
                  <li key={p.line}>{t('reach.import.problemLine', { line: p.line, message: t(p.message) })}</li>
                ))}
              </ul>
            </>
          ) : null}
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} t={t} />
      <form method="post" action={`${BASE}/cbs`} enctype="multipart/form-data" class="kansrijk-form" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <div class={`utrecht-form-field${errors.bestand ? ' utrecht-form-field--invalid' : ''}`}>
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label" for="field-bestand">{t('reach.import.file')}</label>
          </div>
          <div class="utrecht-form-field__description utrecht-form-field-description" id="field-bestand-hint">{t('reach.import.fileHint')}</div>
          {errors.bestand ? (
            <div class="utrecht-form-field__error-message utrecht-form-field-error-message" id="field-bestand-error">
              <span class="kansrijk-visually-hidden">{t('forms.errorPrefix')} </span>
              {t(errors.bestand.key, errors.bestand.vars)}
            </div>
          ) : null}
          <div class="utrecht-form-field__input">
            <input class="kansrijk-file-input" type="file" id="field-bestand" name="bestand" accept=".csv,text/csv" aria-describedby={`field-bestand-hint${errors.bestand ? ' field-bestand-error' : ''}`} aria-invalid={errors.bestand ? 'true' : undefined} />
          </div>
        </div>
        <div class="utrecht-form-field utrecht-form-field--checkbox kansrijk-choice">
          <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="field-voorbeeld" name="voorbeeld" value="ja" />
          <label class="utrecht-form-label utrecht-form-label--checkbox" for="field-voorbeeld">{t('reach.import.illustrative')}</label>
        </div>
        <SubmitButton>{t('reach.import.submit')}</SubmitButton>
      </form>
      <h2 class="utrecht-heading-2">{t('reach.refresh.title')}</h2>
      <p class="utrecht-paragraph">{t('reach.refresh.intro')}</p>
      <form method="post" action={`${BASE}/bijwerken`} class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <SubmitButton secondary>{t('reach.refresh.submit')}</SubmitButton>
      </form>
    </Layout>
  );
}
