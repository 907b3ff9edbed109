import type { FieldErrors } from '../../core/layout/forms.tsx';
import { VISIT_KINDS, type ItemStatus, type VisitKind } from '../../core/db/schema.ts';
import { canTransition } from '../applications/status.ts';
import { addDays, amsterdamInstant, parseDay, parseTime } from './dates.ts';

/**
 * A house visit or a meeting at the office: planned for a date and time with a volunteer (or a
 * handler), then done or called off, with what came out of it. While a visit is planned, the
 * family's requests say so; afterwards they are back "in progress".
 */
export const MAX_OUTCOME = 4000;

export interface VisitPlan {
  kind: VisitKind;
  day: string;
  plannedAt: Date;
  volunteerId: string;
}

export type VisitPlanResult = { ok: true; plan: VisitPlan } | { ok: false; errors: FieldErrors };

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.replaceAll('\u0000', '').trim().slice(0, max) : '');

/** Planned from today up to a year ahead, with someone of the organisation who may make visits. */
export function parseVisitPlan(body: Record<string, unknown>, options: { volunteers: readonly string[]; today: string }): VisitPlanResult {
  const errors: FieldErrors = {};
  const kind = str(body.soort, 20) as VisitKind;
  if (!VISIT_KINDS.includes(kind)) errors.soort = { key: 'cases.visit.errors.kindRequired' };
  const dayRaw = str(body.datum, 20);
  const day = parseDay(dayRaw);
  if (!dayRaw) errors.datum = { key: 'cases.visit.errors.dateRequired' };
  else if (!day) errors.datum = { key: 'cases.visit.errors.dateInvalid' };
  else if (day < options.today || day > addDays(options.today, 365)) errors.datum = { key: 'cases.visit.errors.dateRange' };
  const timeRaw = str(body.tijd, 10);
  const time = parseTime(timeRaw);
  if (!timeRaw) errors.tijd = { key: 'cases.visit.errors.timeRequired' };
  else if (!time) errors.tijd = { key: 'cases.visit.errors.timeInvalid' };
  const volunteerId = str(body.vrijwilliger, 40);
  if (!options.volunteers.includes(volunteerId)) errors.vrijwilliger = { key: 'cases.visit.errors.volunteerRequired' };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, plan: { kind, day: day!, plannedAt: amsterdamInstant(day!, time!), volunteerId } };
}

export type VisitOutcome = { ok: true; status: 'done' | 'cancelled'; outcome: string } | { ok: false; errors: FieldErrors };

export function parseVisitOutcome(body: Record<string, unknown>): VisitOutcome {
  const errors: FieldErrors = {};
  const status = str(body.resultaat, 20);
  if (status !== 'done' && status !== 'cancelled') errors.resultaat = { key: 'cases.visit.errors.resultRequired' };
  const outcome = typeof body.verslag === 'string' ? body.verslag.replaceAll('\u0000', '').replace(/\r\n?/g, '\n').trim() : '';
  if (!outcome) errors.verslag = { key: 'cases.visit.errors.outcomeRequired' };
  else if (outcome.length > MAX_OUTCOME) errors.verslag = { key: 'cases.errors.tooLong', vars: { max: MAX_OUTCOME } };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, status: status as 'done' | 'cancelled', outcome };
}

/** The items a planned visit puts "visit planned": those still being assessed. */
export function itemsForVisit(items: ReadonlyArray<{ id: string; status: ItemStatus }>): string[] {
  return items.filter((i) => i.status !== 'visit_planned' && i.status !== 'granted' && canTransition(i.status, 'visit_planned')).map((i) => i.id);
}

/** After the visit (or when it is called off) the items waiting for it are being assessed again. */
export function itemsAfterVisit(items: ReadonlyArray<{ id: string; status: ItemStatus }>): string[] {
  return items.filter((i) => i.status === 'visit_planned').map((i) => i.id);
}
