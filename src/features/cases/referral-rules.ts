import { fieldsNeeded } from '../applications/fields.ts';

/**
 * When a referral needs the family's consent first, and what the receiving organisation gets.
 * A consent covers an organisation for the personal fields it lists; anything the new provision
 * needs beyond that, or any organisation without a consent, means asking the family by mail.
 */
export function consentCovers(statements: ReadonlyArray<{ fields?: unknown }>, needed: readonly string[]): boolean {
  return statements.some((s) => {
    const fields = Array.isArray(s.fields) ? s.fields.map(String) : [];
    return needed.every((f) => fields.includes(f));
  });
}

export interface SourceData {
  address: unknown;
  household: unknown;
  income: unknown;
  child: { firstName: string | null; lastName: string | null; birthDate: string | null; fields: Record<string, unknown> };
}

export interface ReferredData {
  address: unknown;
  household: unknown;
  income: unknown;
  child: { firstName: string | null; lastName: string | null; birthDate: string | null; fields: Record<string, unknown> };
  /** fields the new provision needs that the referring organisation does not hold: the receiver asks the family */
  missing: string[];
}

/** Only what the receiving provision needs, and only what the referring case holds. */
export function referredData(source: SourceData, needed: readonly string[]): ReferredData {
  const n = fieldsNeeded(needed);
  const missing: string[] = [];
  const take = <T>(wanted: boolean, value: T | null | undefined, name: string): T | null => {
    if (!wanted) return null;
    if (value === null || value === undefined) missing.push(name);
    return value ?? null;
  };
  const fields: Record<string, unknown> = {};
  for (const f of n.child) {
    if (source.child.fields[f] === undefined) missing.push(f);
    else fields[f] = source.child.fields[f];
  }
  // Item fields (club, fee, IBAN …) belong to the request itself: the receiver asks for them.
  missing.push(...n.item);
  return {
    address: take(n.address, source.address, 'address'),
    household: take(n.household, source.household, 'household'),
    income: take(n.income, source.income, 'income'),
    child: {
      firstName: take(n.childName, source.child.firstName, 'child_name'),
      lastName: n.childName ? source.child.lastName : null,
      birthDate: take(n.birthDate, source.child.birthDate, 'birth_date'),
      fields,
    },
    missing: [...new Set(missing)],
  };
}

/** Counts below 5 are never shown: they could point to one family. */
export const SMALL_COUNT = 5;
export function shownCount(count: number): number | null {
  return count > 0 && count < SMALL_COUNT ? null : count;
}
