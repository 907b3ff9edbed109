/**
 * From stored (already suppressed) cells to the tables a dashboard, its CSV and the printable
 * report show. Pure: the same tables feed the HTML, the charts and the CSV, so an export can never
 * show more than the page. A null value is a suppressed figure; it stays null in every derived
 * figure (a share of a hidden count is hidden too).
 */
import { THEMES } from '../../core/db/schema.ts';
import type { T } from '../../core/i18n/index.ts';
import { AGE_BANDS, chooseTargetGroup, share, targetChildren, type TargetGroup, type Targets } from './domain.ts';

export interface StoredCell {
  year: number;
  month: number;
  municipality_code: string;
  organisation_id: string;
  theme: string;
  age_band: string;
  received: number | null;
  granted: number | null;
  rejected: number | null;
  net: number | null;
  median_days: string | number | null;
}

export type Value = number | string | null;
export interface Column {
  key: string;
  label: string;
  kind: 'count' | 'days' | 'percent' | 'text';
}
export interface Row {
  label: string;
  values: Record<string, Value>;
}
export interface FigureTable {
  id: string;
  title: string;
  columns: Column[];
  rows: Row[];
  /** why the table is empty or limited, in words */
  note?: string;
}

export type Filter = { dim: ''; value: '' } | { dim: 'o' | 'h' | 'a'; value: string };

export function parseFilter(raw: string | undefined): Filter {
  const m = /^([oha]):(.{1,60})$/.exec(raw ?? '');
  if (!m) return { dim: '', value: '' };
  return { dim: m[1] as 'o' | 'h' | 'a', value: m[2]! };
}

export function filterParam(f: Filter): string {
  return f.dim ? `${f.dim}:${f.value}` : '';
}

/** Cells of one scope (one municipality or national, or one organisation's), looked up by position. */
export class CellIndex {
  readonly #cells = new Map<string, StoredCell>();
  constructor(cells: StoredCell[]) {
    for (const c of cells) this.#cells.set(CellIndex.key(c.year, c.month, c.organisation_id, c.theme, c.age_band), c);
  }
  static key(year: number, month: number, o: string, h: string, a: string) {
    return `${year}|${month}|${o}|${h}|${a}`;
  }
  /** An absent cell is a true zero: every non-zero combination is stored. */
  get(year: number, month: number, o: string, h: string, a: string): StoredCell {
    return (
      this.#cells.get(CellIndex.key(year, month, o, h, a)) ?? { year, month, municipality_code: '', organisation_id: o, theme: h, age_band: a, received: 0, granted: 0, rejected: 0, net: 0, median_days: null }
    );
  }
  years(): number[] {
    return [...new Set([...this.#cells.values()].map((c) => Number(c.year)))].sort((a, b) => a - b);
  }
}

export interface ReportInput {
  t: T;
  cells: CellIndex;
  year: number;
  month: number;
  filter: Filter;
  /** the organisation dimension is fixed (an organisation's own view) */
  fixedOrganisation: string | null;
  organisations: Map<string, string>;
  targetGroups: Map<number, TargetGroup[]>;
  targets: Map<number, Targets>;
  showTarget: boolean;
}

export interface Report {
  key: StoredCell;
  tables: FigureTable[];
}

const n = (v: number | null) => (v === null ? null : Number(v));
const median = (v: string | number | null) => (v === null ? null : Number(v));

function figureColumns(t: T): Column[] {
  return [
    { key: 'received', label: t('reach.measures.received'), kind: 'count' },
    { key: 'granted', label: t('reach.measures.granted'), kind: 'count' },
    { key: 'rejected', label: t('reach.measures.rejected'), kind: 'count' },
    { key: 'net', label: t('reach.measures.net'), kind: 'count' },
    { key: 'median', label: t('reach.measures.median'), kind: 'days' },
  ];
}

function figureRow(label: string, c: StoredCell): Row {
  return { label, values: { received: n(c.received), granted: n(c.granted), rejected: n(c.rejected), net: n(c.net), median: median(c.median_days) } };
}

export function buildReport(input: ReportInput): Report {
  const { t, cells, year, month, filter } = input;
  const o = input.fixedOrganisation ?? (filter.dim === 'o' ? filter.value : '');
  const h = filter.dim === 'h' ? filter.value : '';
  const a = filter.dim === 'a' ? filter.value : '';
  const columns = figureColumns(t);
  const tables: FigureTable[] = [];
  // Month figures exist for all children and per organisation, not per theme or age band.
  const monthOk = h === '' && a === '';
  const key = month > 0 && monthOk ? cells.get(year, month, o, '', '') : cells.get(year, 0, o, h, a);
  const notPublished = t('reach.notPublished');

  tables.push({
    id: 'jaren',
    title: t('reach.tables.years'),
    columns: [...columns, ...(input.showTarget ? [{ key: 'targetGroup', label: t('reach.measures.targetGroup'), kind: 'count' as const }, { key: 'share', label: t('reach.measures.share'), kind: 'percent' as const }, { key: 'target', label: t('reach.measures.target'), kind: 'count' as const }, { key: 'achieved', label: t('reach.measures.achieved'), kind: 'percent' as const }] : [])],
    rows: cells
      .years()
      .filter((y) => y <= year && y > year - 5)
      .map((y) => {
        const c = cells.get(y, 0, o, h, a);
        const row = figureRow(String(y), c);
        if (input.showTarget) {
          const group = chooseTargetGroup(input.targetGroups.get(y) ?? []);
          const target = targetChildren(group, input.targets.get(y) ?? null);
          row.values.targetGroup = group ? group.children : t('reach.unknown');
          if (group?.illustrative) row.label = `${y} *`;
          row.values.share = group ? share(n(c.net), group.children) : t('reach.unknown');
          row.values.target = target ?? t('reach.noTarget');
          row.values.achieved = target === null ? t('reach.noTarget') : share(n(c.net), target);
        }
        return row;
      }),
  });

  if (month > 0 && !monthOk) {
    tables.push({ id: 'themas', title: t('reach.tables.themes'), columns, rows: [], note: t('reach.monthOnlyByOrganisation') });
  } else if (h === '') {
    const m = month > 0 ? null : 0;
    tables.push({
      id: 'themas',
      title: t('reach.tables.themes'),
      columns,
      rows: m === null ? [] : THEMES.map((theme) => figureRow(t(`themes.${theme}`), cells.get(year, 0, o, theme, a))),
      ...(m === null ? { note: t('reach.monthOnlyByOrganisation') } : {}),
    });
  }
  if (a === '') {
    tables.push({
      id: 'leeftijd',
      title: t('reach.tables.ages'),
      columns,
      rows: month > 0 ? [] : AGE_BANDS.map((band) => figureRow(t(`reach.ageBands.${band}`), cells.get(year, 0, o, h, band))),
      ...(month > 0 ? { note: t('reach.monthOnlyByOrganisation') } : {}),
    });
  }
  if (!input.fixedOrganisation && o === '') {
    const ids = [...input.organisations.keys()];
    const rows = ids
      .map((id) => ({ id, cell: month > 0 && monthOk ? cells.get(year, month, id, '', '') : cells.get(year, 0, id, h, a) }))
      .filter((r) => !(r.cell.received === 0 && r.cell.granted === 0 && r.cell.rejected === 0))
      .map((r) => figureRow(input.organisations.get(r.id) ?? r.id, r.cell))
      .sort((x, y) => x.label.localeCompare(y.label, 'nl'));
    tables.push({ id: 'organisaties', title: t('reach.tables.organisations'), columns, rows: month > 0 && !monthOk ? [] : rows, ...(month > 0 && !monthOk ? { note: t('reach.monthOnlyByOrganisation') } : {}) });
  }
  tables.push({
    id: 'maanden',
    title: t('reach.tables.months', { year }),
    columns,
    rows: monthOk ? Array.from({ length: 12 }, (_, i) => figureRow(t(`reach.months.${i + 1}`), cells.get(year, i + 1, o, '', ''))) : [],
    ...(monthOk ? {} : { note: notPublished }),
  });
  return { key, tables };
}

export interface OverlapRow {
  municipality_code: string;
  organisation_a: string;
  organisation_b: string;
  children: number | null;
}

/** Overlap between organisations: children helped by both. For an organisation, only pairs with itself. */
export function overlapTable(t: T, rows: OverlapRow[], organisations: Map<string, string>, own: string | null): FigureTable {
  const name = (id: string) => organisations.get(id) ?? id;
  return {
    id: 'overlap',
    title: t('reach.tables.overlap'),
    columns: [
      { key: 'a', label: t('reach.columns.organisationA'), kind: 'text' },
      { key: 'b', label: t('reach.columns.organisationB'), kind: 'text' },
      { key: 'children', label: t('reach.columns.bothHelped'), kind: 'count' },
    ],
    rows: rows
      .filter((r) => own === null || r.organisation_a === own || r.organisation_b === own)
      .map((r) => {
        const [a, b] = own !== null && r.organisation_b === own ? [r.organisation_b, r.organisation_a] : [r.organisation_a, r.organisation_b];
        return { label: `${name(a)} – ${name(b)}`, values: { a: name(a), b: name(b), children: r.children === null ? null : Number(r.children) } };
      })
      .sort((x, y) => x.label.localeCompare(y.label, 'nl')),
  };
}

export function referralTable(t: T, rows: Array<{ from_organisation_id: string; to_organisation_id: string; referrals: number | null }>, organisations: Map<string, string>, own: string | null): FigureTable {
  const name = (id: string) => organisations.get(id) ?? id;
  return {
    id: 'doorverwijzingen',
    title: t('reach.tables.referrals'),
    columns: [
      { key: 'from', label: t('reach.columns.from'), kind: 'text' },
      { key: 'to', label: t('reach.columns.to'), kind: 'text' },
      { key: 'referrals', label: t('reach.columns.referrals'), kind: 'count' },
    ],
    rows: rows
      .filter((r) => own === null || r.from_organisation_id === own || r.to_organisation_id === own)
      .map((r) => ({ label: `${name(r.from_organisation_id)} → ${name(r.to_organisation_id)}`, values: { from: name(r.from_organisation_id), to: name(r.to_organisation_id), referrals: r.referrals === null ? null : Number(r.referrals) } }))
      .sort((x, y) => x.label.localeCompare(y.label, 'nl')),
  };
}

export interface DemandRow {
  theme: string;
  age_band: string;
  uses: number | null;
}

/** Wizard demand per theme, with whether the municipality has any provision for it (a gap when not). */
export function demandTable(t: T, rows: DemandRow[], themesOffered: Set<string> | null): FigureTable {
  const byTheme = new Map(rows.filter((r) => r.theme !== '' && r.age_band === '').map((r) => [r.theme, r.uses === null ? null : Number(r.uses)]));
  const themes = [...THEMES, 'all'];
  return {
    id: 'vraag',
    title: t('reach.tables.demand'),
    columns: [
      { key: 'uses', label: t('reach.columns.uses'), kind: 'count' },
      ...(themesOffered ? [{ key: 'offered', label: t('reach.columns.offered'), kind: 'text' as const }] : []),
    ],
    rows: themes.map((theme) => {
      const uses = byTheme.get(theme) ?? 0;
      const values: Record<string, Value> = { uses };
      if (themesOffered) values.offered = theme === 'all' ? '' : themesOffered.has(theme) ? t('reach.yes') : t('reach.gap');
      return { label: theme === 'all' ? t('reach.noThemeChosen') : t(`themes.${theme}`), values };
    }),
  };
}

/** Themes families asked about (visible demand, so at least 5) where the municipality has no provision. */
export function gaps(rows: DemandRow[], themesOffered: Set<string>): string[] {
  return rows.filter((r) => r.theme !== '' && r.theme !== 'all' && r.age_band === '' && r.uses !== null && Number(r.uses) > 0 && !themesOffered.has(r.theme)).map((r) => r.theme);
}

export function municipalitiesTable(t: T, rows: Array<{ code: string; name: string; cell: StoredCell | null; group: TargetGroup | null }>): FigureTable {
  return {
    id: 'gemeenten',
    title: t('reach.tables.municipalities'),
    columns: [
      { key: 'granted', label: t('reach.measures.granted'), kind: 'count' },
      { key: 'net', label: t('reach.measures.net'), kind: 'count' },
      { key: 'targetGroup', label: t('reach.measures.targetGroup'), kind: 'count' },
      { key: 'share', label: t('reach.measures.share'), kind: 'percent' },
    ],
    rows: rows.map((r) => ({
      label: r.name,
      values: {
        granted: r.cell ? n(r.cell.granted) : 0,
        net: r.cell ? n(r.cell.net) : 0,
        targetGroup: r.group ? r.group.children : t('reach.unknown'),
        share: r.group ? share(r.cell ? n(r.cell.net) : 0, r.group.children) : t('reach.unknown'),
      },
    })),
  };
}

/** A table as CSV for Dutch spreadsheets: `;`, a BOM, "x" for a suppressed figure as CBS writes it. */
export function toCsv(table: FigureTable, t: T, firstColumn: string): string {
  const esc = (v: string) => (/[;"\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const cell = (v: Value | undefined) => (v === null ? 'x' : v === undefined ? '' : typeof v === 'number' ? String(v) : v);
  const lines = [[firstColumn, ...table.columns.map((c) => c.label)].map(esc).join(';')];
  for (const r of table.rows) lines.push([r.label, ...table.columns.map((c) => cell(r.values[c.key]))].map((v) => esc(String(v))).join(';'));
  lines.push('', esc(t('reach.csvLegend')));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
