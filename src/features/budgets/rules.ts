import type { FieldErrors } from '../../core/layout/forms.tsx';
import { parseEuros } from '../../core/money.ts';

/**
 * Budgets per organisation per year, optionally split per municipality or per funder (for
 * example the municipality that subsidises Leergeld to carry out its policy). A grant is committed
 * against the most specific line that covers the family's municipality; paid when delivered.
 */
export interface BudgetLine {
  id: string;
  year: number;
  municipalityCode: string | null;
  funder: string | null;
  allocatedCents: number;
  committedCents: number;
  paidCents: number;
}

export function remainingCents(line: Pick<BudgetLine, 'allocatedCents' | 'committedCents' | 'paidCents'>): number {
  return line.allocatedCents - line.committedCents - line.paidCents;
}

/** The lines a grant for a family in this municipality may be committed against, the most specific first. */
export function applicableLines<L extends Pick<BudgetLine, 'year' | 'municipalityCode' | 'funder'>>(lines: readonly L[], year: number, municipalityCode: string): L[] {
  return lines
    .filter((l) => l.year === year && (l.municipalityCode === null || l.municipalityCode === municipalityCode))
    .sort((a, b) => Number(b.municipalityCode !== null) - Number(a.municipalityCode !== null) || (a.funder ?? '').localeCompare(b.funder ?? '', 'nl'));
}

export interface BudgetLineInput {
  year: number;
  municipalityCode: string | null;
  funder: string | null;
  allocatedCents: number;
}

export type BudgetLineResult = { ok: true; line: BudgetLineInput } | { ok: false; errors: FieldErrors };

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.replaceAll('\u0000', '').trim().slice(0, max + 1) : '');

export function parseBudgetLine(body: Record<string, unknown>, options: { municipalities: readonly string[]; thisYear: number }): BudgetLineResult {
  const errors: FieldErrors = {};
  const yearRaw = str(body.jaar, 4);
  const year = Number(yearRaw);
  if (!/^\d{4}$/.test(yearRaw) || year < options.thisYear - 5 || year > options.thisYear + 2) errors.jaar = { key: 'budgets.errors.year', vars: { from: options.thisYear - 5, to: options.thisYear + 2 } };
  const code = str(body.gemeente, 10);
  if (code && !options.municipalities.includes(code)) errors.gemeente = { key: 'budgets.errors.municipality' };
  const funder = str(body.financier, 100);
  if (funder.length > 100) errors.financier = { key: 'cases.errors.tooLong', vars: { max: 100 } };
  const amountRaw = str(body.bedrag, 30);
  const amount = amountRaw ? parseEuros(amountRaw) : null;
  if (!amountRaw) errors.bedrag = { key: 'budgets.errors.amountRequired' };
  else if (amount === null) errors.bedrag = { key: 'budgets.errors.amountInvalid' };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, line: { year, municipalityCode: code || null, funder: funder || null, allocatedCents: amount! } };
}
