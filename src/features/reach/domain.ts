/**
 * The rules behind the reach figures, as plain functions: age bands, periods, what counts as
 * received, granted and rejected, reach against the target group and the municipality's targets.
 */
import type { ItemStatus } from '../../core/db/schema.ts';

/** The age bands of the national evaluation; 18+ holds the young adults some funds help up to 20. */
export const AGE_BANDS = ['0-3', '4-11', '12-17', '18+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export function ageBandOf(age: number): AgeBand {
  if (age <= 3) return '0-3';
  if (age <= 11) return '4-11';
  if (age <= 17) return '12-17';
  return '18+';
}

/** The same bands in SQL, so that the refresh and this function can never disagree (tested). */
export const AGE_BAND_SQL = `case when %s <= 3 then '0-3' when %s <= 11 then '4-11' when %s <= 17 then '12-17' else '18+' end`;

export function ageBandSql(column: string): string {
  return AGE_BAND_SQL.replaceAll('%s', column);
}

/** What an item counts as. Withdrawn and still open requests count as received only. */
export function outcomeOf(status: ItemStatus): 'granted' | 'rejected' | 'open' | 'withdrawn' | 'not_released' {
  if (status === 'granted' || status === 'delivered') return 'granted';
  if (status === 'rejected') return 'rejected';
  if (status === 'withdrawn') return 'withdrawn';
  if (status === 'awaiting_parent') return 'not_released';
  return 'open';
}

const AMSTERDAM = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' });

/**
 * The period an event falls in, by the Dutch calendar: a request received at 00:30 on 1 January
 * in Amsterdam belongs to the new year even though it is still 31 December in UTC.
 */
export function periodOf(at: Date): { year: number; month: number } {
  const [year, month] = AMSTERDAM.format(at).split('-').map(Number) as [number, number];
  return { year, month };
}

/** Median of whole days, as the refresh computes it (percentile_disc: the lower middle value). */
export function medianDays(days: number[]): number | null {
  if (days.length === 0) return null;
  const sorted = [...days].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1]!;
}

export interface TargetGroup {
  source: 'cbs' | 'municipality';
  children: number;
  socialAssistance: number | null;
  workingPoor: number | null;
  illustrative: boolean;
}

/** The municipality's own count wins over CBS's estimate for the same year. */
export function chooseTargetGroup(groups: TargetGroup[]): TargetGroup | null {
  return groups.find((g) => g.source === 'municipality') ?? groups.find((g) => g.source === 'cbs') ?? null;
}

export interface Targets {
  socialAssistancePct: number | null;
  workingPoorPct: number | null;
  lowIncomePct: number | null;
}

/**
 * How many children the municipality wants to reach: the percentages of the two groups when it
 * knows their sizes (the national agreement: 100 % of children in households on social assistance,
 * 70 % of children of working families with a low income), else its percentage of all children in
 * low-income households. Null when neither can be computed.
 */
export function targetChildren(group: TargetGroup | null, targets: Targets | null): number | null {
  if (!group || !targets) return null;
  const { socialAssistancePct: sa, workingPoorPct: wp, lowIncomePct: all } = targets;
  if ((sa !== null || wp !== null) && group.socialAssistance !== null && group.workingPoor !== null) {
    return Math.round(((sa ?? 0) * group.socialAssistance + (wp ?? 0) * group.workingPoor) / 100);
  }
  if (all !== null) return Math.round((all * group.children) / 100);
  return null;
}

/** A share in whole per cent, or null when either side is unknown or suppressed. */
export function share(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole <= 0) return null;
  return Math.round((part / whole) * 100);
}

/** The years a dashboard shows for year-on-year figures: the chosen one and up to four before. */
export function trendYears(year: number, available: number[]): number[] {
  return available.filter((y) => y <= year && y > year - 5).sort((a, b) => a - b);
}
