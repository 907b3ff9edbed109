import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../core/layout/Layout.tsx';
import { DataList } from '../../core/layout/forms.tsx';
import { formatDate } from '../../core/i18n/format.ts';
import { euros } from '../../core/money.ts';
import type { CaseView } from './status-data.ts';
import { ProvisionTitle, labelOr } from './view-parts.tsx';

/**
 * "What this organisation has of you": every value stored on the case, its children and its
 * items, so the applicant sees exactly what was shared. Labels are the ones of the application
 * form; a stored key without a label is still shown, by its name, rather than hidden.
 */
type Row = [string, ComponentChildren];

const MONEY_KEYS = new Set(['fee', 'cost', 'monthlyNetCents']);

function value(ctx: PageContext, key: string, v: unknown): string {
  const { t } = ctx;
  if (v === null || v === undefined || v === '') return t('applications.check.none');
  if (MONEY_KEYS.has(key) && typeof v === 'number') return euros(v, ctx.lang);
  if (key === 'school_level' && typeof v === 'string') return labelOr(t, `applications.children.schoolLevels.${v}`, v);
  if (key === 'sources' && Array.isArray(v)) return v.map((s) => labelOr(t, `applications.household.sources.${String(s)}`, String(s))).join(', ');
  if (key === 'debtHelp' && typeof v === 'string') return labelOr(t, `applications.household.debt.${v}`, v);
  if (Array.isArray(v)) return v.map(String).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Known keys with their labels first, then anything else stored, by its own name. */
function recordRows(ctx: PageContext, record: Record<string, unknown>, labels: Record<string, string>, skip: string[] = []): Row[] {
  const rows: Row[] = [];
  for (const [key, label] of Object.entries(labels)) if (key in record) rows.push([label, value(ctx, key, record[key])]);
  for (const [key, v] of Object.entries(record)) if (!(key in labels) && !skip.includes(key)) rows.push([key, value(ctx, key, v)]);
  return rows;
}

function addressLine(a: Record<string, unknown>): string {
  const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
  const street = [str('street'), str('houseNumber'), str('addition')].filter(Boolean).join(' ');
  return [street, [str('postcode'), str('place')].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

export function applicantRows(ctx: PageContext, c: CaseView): Row[] {
  const { t } = ctx;
  const d = c.data;
  const rows: Row[] = [
    [t('applications.check.name'), d.applicantName],
    [t('applications.check.email'), d.applicantEmail],
  ];
  if (d.applicantPhone) rows.push([t('applications.check.phone'), d.applicantPhone]);
  if (d.parentName || d.parentEmail || d.parentPhone) rows.push([t('applications.check.parent'), [d.parentName, d.parentEmail, d.parentPhone].filter(Boolean).join(', ')]);
  if (d.address) {
    rows.push([t('applications.check.address'), addressLine(d.address)]);
    if (d.municipalityName) rows.push([t('applications.check.municipality'), d.municipalityName]);
    rows.push(...recordRows(ctx, d.address, {}, ['street', 'houseNumber', 'addition', 'postcode', 'place', 'municipalityCode']));
  }
  if (d.household) rows.push(...recordRows(ctx, d.household, { adults: t('applications.check.adults'), children: t('applications.check.childrenCount') }));
  if (d.income) rows.push(...recordRows(ctx, d.income, { monthlyNetCents: t('applications.check.income'), sources: t('applications.check.incomeSources'), debtHelp: t('applications.check.debtHelp') }));
  return rows;
}

export function childRows(ctx: PageContext, child: CaseView['children'][number]): Row[] {
  const { t } = ctx;
  const rows: Row[] = [];
  const name = [child.firstName, child.lastName].filter(Boolean).join(' ');
  if (name) rows.push([t('applications.check.name'), name]);
  if (child.birthDate) rows.push([t('applications.check.birthDate'), formatDate(child.birthDate, ctx.lang)]);
  rows.push([t('applicationStatus.page.age'), t('applicationStatus.page.ageYears', { age: child.ageAtApplication })]);
  for (const [key, v] of Object.entries(child.fields)) rows.push([labelOr(t, `applications.children.fields.${key}.label`, key), value(ctx, key, v)]);
  return rows;
}

export function itemRows(ctx: PageContext, item: CaseView['items'][number]): Row[] {
  const { t } = ctx;
  const labels: Record<string, string> = {};
  for (const key of Object.keys(item.details)) labels[key] = key === 'clubContact' ? t('applicationStatus.page.clubContact') : labelOr(t, `applications.children.fields.${key}.label`, key);
  const rows = recordRows(ctx, item.details, labels);
  if (item.requestedCents !== null) rows.push([t('applicationStatus.page.requested'), euros(item.requestedCents, ctx.lang)]);
  return rows;
}

export function childLabel(ctx: PageContext, child: { firstName: string | null; position: number } | undefined): string {
  return child?.firstName ?? ctx.t('applicationStatus.page.childN', { n: child?.position ?? 1 });
}

export function CaseDataSection({ ctx, c }: { ctx: PageContext; c: CaseView }) {
  const { t } = ctx;
  const organisation = c.organisation.name;
  return (
    <details class="kansrijk-details">
      <summary>{t('applicationStatus.page.data', { organisation })}</summary>
      <p class="utrecht-paragraph">{c.released ? t('applicationStatus.page.dataIntro', { organisation }) : t('applicationStatus.page.dataWaiting', { organisation })}</p>
      <h4 class="utrecht-heading-4">{t('applicationStatus.page.dataApplicant')}</h4>
      <DataList items={applicantRows(ctx, c)} />
      {c.children.map((child) => (
        <div key={child.id}>
          <h4 class="utrecht-heading-4">{t('applicationStatus.page.dataChild', { name: childLabel(ctx, child) })}</h4>
          <DataList items={childRows(ctx, child)} />
        </div>
      ))}
      {c.items.map((item) => {
        const rows = itemRows(ctx, item);
        return (
          <div key={item.id}>
            <h4 class="utrecht-heading-4">
              {t('applicationStatus.page.dataItem')} <ProvisionTitle ctx={ctx} title={item.title} />
            </h4>
            {rows.length > 0 ? <DataList items={rows} /> : <p class="utrecht-paragraph">{t('applicationStatus.page.nothing')}</p>}
          </div>
        );
      })}
    </details>
  );
}
