import type { PERSONAL_FIELDS } from '../catalogue/rules.ts';

/**
 * Where each personal field of the catalogue (RulesSchema.requiredFields) is asked and kept:
 * once per household, once per child, or once per requested provision (the club for the sport
 * membership is not the school of the school trip). The union of a case's provisions' fields
 * decides what that organisation receives; nothing else leaves the application.
 */
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

export const HOUSEHOLD_FIELDS = ['address', 'household', 'income'] as const satisfies readonly PersonalField[];
export const CHILD_FIELDS = ['school', 'school_level', 'class', 'clothing_size', 'bsn'] as const satisfies readonly PersonalField[];
export const ITEM_FIELDS = ['club', 'activity', 'fee', 'club_iban', 'cost'] as const satisfies readonly PersonalField[];

export type ChildField = (typeof CHILD_FIELDS)[number];
export type ItemField = (typeof ITEM_FIELDS)[number];

export const SCHOOL_LEVELS = ['primary', 'special', 'vmbo', 'havo', 'vwo', 'mbo', 'other'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

export const INCOME_SOURCES = ['work', 'benefit', 'pension', 'student', 'alimony', 'none', 'other'] as const;
export type IncomeSource = (typeof INCOME_SOURCES)[number];

export interface Address {
  postcode: string;
  houseNumber: string;
  addition: string | null;
  street: string;
  place: string;
  municipalityCode: string;
}

export interface Household {
  adults: number;
  children: number;
}

export interface Income {
  monthlyNetCents: number;
  sources: IncomeSource[];
  debtHelp: 'yes' | 'no' | 'unsaid';
}

export interface ChildDetails {
  school?: string;
  school_level?: SchoolLevel;
  class?: string;
  clothing_size?: string;
  bsn?: string;
}

export interface ItemDetails {
  club?: string;
  clubContact?: string | null;
  activity?: string;
  fee?: number;
  club_iban?: string;
  cost?: number;
}

/** Which fields a set of provisions needs, split by where they live. */
export function fieldsNeeded(required: Iterable<string>) {
  const set = new Set(required);
  return {
    childName: set.has('child_name'),
    birthDate: set.has('birth_date'),
    address: set.has('address'),
    household: set.has('household'),
    income: set.has('income'),
    child: CHILD_FIELDS.filter((f) => set.has(f)),
    item: ITEM_FIELDS.filter((f) => set.has(f)),
  };
}

/** Keeps only the listed keys; `clubContact` travels with `club`. */
export function pick<T extends object>(source: T, keys: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source)) {
    const key = k === 'clubContact' ? 'club' : k;
    if (keys.includes(key) && v !== undefined) out[k] = v;
  }
  return out as Partial<T>;
}
