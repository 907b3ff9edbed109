/**
 * Rejection reasons, as the family reads them (caseApplicant.reasons.* in every language the
 * family's pages are offered in). Each organisation chooses which of these it uses; the handler
 * can always add words of their own.
 */
export const REJECTION_REASONS = [
  'income_above_norm',
  'age_outside',
  'outside_area',
  'other_provision_first',
  'already_received',
  'not_covered',
  'no_information',
  'budget_exhausted',
  'other',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export function reasonKey(reason: RejectionReason): string {
  return `caseApplicant.reasons.${reason}`;
}

export function isRejectionReason(value: unknown): value is RejectionReason {
  return typeof value === 'string' && (REJECTION_REASONS as readonly string[]).includes(value);
}
