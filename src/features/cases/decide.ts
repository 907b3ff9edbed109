import type { ProvisionRules } from '../catalogue/rules.ts';
import { parseEuros } from '../../core/money.ts';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { REJECTION_REASONS, type RejectionReason } from './reasons.ts';

/**
 * Deciding on one requested provision: grant (up to the provision's maximum as it was when the
 * family applied), partly grant (less than asked, with an explanation the family reads), or reject
 * (a reason from the organisation's list, plus words of one's own). Above the maximum or beyond
 * the remaining budget only a coordinator may grant, and only after confirming it.
 */
export const MAX_GRANT_CENTS = 10_000_000;
export const MAX_NOTE = 2000;

export type DecisionChoice = 'grant' | 'partly' | 'reject';

/** The most this child can get under these rules: the amount for the child's age (or the maximum), plus any extras. */
export function maxGrantCents(rules: Pick<ProvisionRules, 'limits'>, age: number): number | null {
  const band = rules.limits.amountsByAge.find((b) => age >= b.minAge && age <= b.maxAge);
  const base = band ? band.amount : rules.limits.maxAmount;
  if (base === null) return null;
  return base + rules.limits.extras.reduce((sum, e) => sum + e.maxAmount, 0);
}

export interface DecisionContext {
  requestedCents: number | null;
  maxCents: number | null;
  /** what is left on the budget line this grant would be committed against; null when there is no budget line */
  remainingCents: number | null;
  /** the decider may go above the maximum or the budget (a coordinator) */
  mayOverride: boolean;
  /** the organisation's rejection reasons */
  reasons: readonly RejectionReason[];
  /** amounts in messages, in the page's language */
  money: (cents: number) => string;
}

export interface DecisionForm {
  besluit?: unknown;
  bedrag?: unknown;
  toelichting?: unknown;
  reden?: unknown;
  boven_maximum?: unknown;
  boven_budget?: unknown;
}

export type Decision =
  | { kind: 'grant'; amountCents: number; partial: boolean; note: string | null; aboveMaximum: boolean; overBudget: boolean }
  | { kind: 'reject'; reason: RejectionReason; note: string | null };

export type DecisionResult = { ok: true; decision: Decision } | { ok: false; errors: FieldErrors };

const text = (v: unknown, max = MAX_NOTE + 1) => (typeof v === 'string' ? v.replaceAll('\u0000', '').replace(/\r\n?/g, '\n').trim().slice(0, max) : '');

export function parseDecision(form: DecisionForm, ctx: DecisionContext): DecisionResult {
  const errors: FieldErrors = {};
  const choice = text(form.besluit, 10);
  const note = text(form.toelichting);
  if (note.length > MAX_NOTE) errors.toelichting = { key: 'cases.decide.errors.noteTooLong', vars: { max: MAX_NOTE } };
  if (choice === 'reject') {
    const code = text(form.reden, 40);
    const reason = ctx.reasons.find((r) => r === code);
    if (!reason) errors.reden = { key: 'cases.decide.errors.reasonRequired' };
    else if (reason === 'other' && !note) errors.toelichting = { key: 'cases.decide.errors.otherNeedsNote' };
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    return { ok: true, decision: { kind: 'reject', reason: reason!, note: note || null } };
  }
  if (choice !== 'grant' && choice !== 'partly') return { ok: false, errors: { besluit: { key: 'cases.decide.errors.choiceRequired' } } };

  const raw = text(form.bedrag, 30);
  const amount = raw ? parseEuros(raw) : null;
  if (!raw) errors.bedrag = { key: 'cases.decide.errors.amountRequired' };
  else if (amount === null || amount === 0 || amount > MAX_GRANT_CENTS) errors.bedrag = { key: 'cases.decide.errors.amountInvalid' };
  if (Object.keys(errors).length > 0 || amount === null) return { ok: false, errors };

  const partial = choice === 'partly' || (ctx.requestedCents !== null && amount < ctx.requestedCents);
  if (choice === 'partly' && ctx.requestedCents !== null && amount >= ctx.requestedCents) errors.bedrag = { key: 'cases.decide.errors.partlyNotLess' };
  if (partial && !note) errors.toelichting = { key: 'cases.decide.errors.partlyNeedsNote' };

  const aboveMaximum = ctx.maxCents !== null && amount > ctx.maxCents;
  if (aboveMaximum && !errors.bedrag) {
    if (!ctx.mayOverride) errors.bedrag = { key: 'cases.decide.errors.aboveMaximum', vars: { max: ctx.money(ctx.maxCents!) } };
    else if (form.boven_maximum !== 'ja') errors.boven_maximum = { key: 'cases.decide.errors.confirmAboveMaximum', vars: { max: ctx.money(ctx.maxCents!) } };
  }
  const overBudget = ctx.remainingCents !== null && amount > ctx.remainingCents;
  if (overBudget && !errors.bedrag) {
    if (!ctx.mayOverride) errors.bedrag = { key: 'cases.decide.errors.overBudget', vars: { remaining: ctx.money(ctx.remainingCents!) } };
    else if (form.boven_budget !== 'ja') errors.boven_budget = { key: 'cases.decide.errors.confirmOverBudget', vars: { remaining: ctx.money(ctx.remainingCents!) } };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, decision: { kind: 'grant', amountCents: amount, partial, note: note || null, aboveMaximum, overBudget } };
}

/** The reasons an organisation offers: its own choice from the platform's list, or the whole list. */
export function reasonsOf(configured: readonly string[] | null): RejectionReason[] {
  if (!configured || configured.length === 0) return [...REJECTION_REASONS];
  const list = REJECTION_REASONS.filter((r) => configured.includes(r));
  // "Another reason" stays available: a decision must always be possible.
  return list.includes('other') ? list : [...list, 'other'];
}
