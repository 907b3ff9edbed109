import type { ProvisionRules } from '../catalogue/rules.ts';
import { referenceDay } from '../catalogue/routing.ts';
import { ACTIVE_STATUSES } from './status.ts';
import type { ItemStatus } from '../../core/db/schema.ts';

/**
 * "Once per calendar year", "per school year", "per 12 months", "once per 5 years": when a second
 * request for the same child and provision is a duplicate. Dates are YYYY-MM-DD (Dutch calendar day).
 */
const SCHOOL_YEAR_START = '08-01';

function minusYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) - years;
  const md = date.slice(5);
  // 29 February minus a year is 28 February.
  return md === '02-29' ? `${y}-02-28` : `${y}-${md}`;
}

/** The date stored with an item: the start of its fixed period, or the day of the application for rolling periods. */
export function periodStart(rules: ProvisionRules, date: string): string {
  switch (rules.limits.period) {
    case 'calendar_year':
      return `${date.slice(0, 4)}-01-01`;
    case 'school_year':
      return referenceDay(date, SCHOOL_YEAR_START);
    default:
      return date;
  }
}

/** Items whose period_start lies after this date (exclusive) count against a new request made on `date`. */
export function countsAfter(rules: ProvisionRules, date: string): string {
  switch (rules.limits.period) {
    case 'calendar_year':
    case 'school_year': {
      // The day before the period's start, so that the start itself counts.
      const start = new Date(`${periodStart(rules, date)}T00:00:00Z`);
      start.setUTCDate(start.getUTCDate() - 1);
      return start.toISOString().slice(0, 10);
    }
    case 'rolling_12_months':
      return minusYears(date, 1);
    case 'once_per_years':
      return minusYears(date, rules.limits.periodYears ?? 1);
  }
}

export interface ExistingItem {
  provisionId: string;
  organisationId: string;
  status: ItemStatus;
  periodStart: string;
  exclusiveGroup: string | null;
}

export interface WantedItem {
  provisionId: string;
  organisationId: string;
  rules: ProvisionRules;
}

export type Conflict = { code: 'duplicate' } | { code: 'exclusive'; otherProvisionId: string };

/**
 * Whether one child may ask for `wanted` on `date`, given what was asked for before (by anyone,
 * at any organisation): at most maxRequestsPerPeriod (default 1) active requests per period, and
 * nothing else of the same exclusive group at the same organisation in that period.
 */
export function conflictFor(existing: readonly ExistingItem[], wanted: WantedItem, date: string): Conflict | null {
  const after = countsAfter(wanted.rules, date);
  const active = existing.filter((e) => ACTIVE_STATUSES.includes(e.status) && e.periodStart > after);
  const same = active.filter((e) => e.provisionId === wanted.provisionId).length;
  if (same >= (wanted.rules.limits.maxRequestsPerPeriod ?? 1)) return { code: 'duplicate' };
  const group = wanted.rules.exclusiveGroup;
  if (group) {
    const other = active.find((e) => e.provisionId !== wanted.provisionId && e.organisationId === wanted.organisationId && e.exclusiveGroup === group);
    if (other) return { code: 'exclusive', otherProvisionId: other.provisionId };
  }
  return null;
}
