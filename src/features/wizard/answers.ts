import { THEMES, type Theme } from '../../core/db/schema.ts';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import type { ApplicantRole } from '../catalogue/rules.ts';
import type { ChildQuery } from '../catalogue/routing.ts';

/**
 * The wizard's answers travel in the query string from step to step: nothing personal is
 * stored, every step can be bookmarked, and "back" keeps what was filled in.
 */
export const ROLE_PARAM: Record<string, ApplicantRole> = { ouder: 'parent', jongere: 'young', professional: 'professional' };
export const ROLE_SLUG: Record<ApplicantRole, string> = { parent: 'ouder', young: 'jongere', professional: 'professional' };
export const MAX_CHILDREN = 8;

export interface RawAnswers {
  postcode: string;
  gemeente: string;
  rol: string;
  kind: string[];
  thema: string[];
}

export function rawAnswers(query: unknown): RawAnswers {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const one = (v: unknown) => (typeof v === 'string' ? v.slice(0, 100) : Array.isArray(v) && typeof v[0] === 'string' ? String(v[0]).slice(0, 100) : '');
  const many = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string').map((x) => x.slice(0, 40));
  // The children step names its fields kind-0, kind-1 … (one label and error link each); later steps carry them as kind.
  const numbered = Array.from({ length: MAX_CHILDREN }, (_, i) => q[`kind-${i}`]).filter((v) => v !== undefined);
  const kind = (numbered.length > 0 ? many(numbered.flat()) : many(q.kind)).slice(0, MAX_CHILDREN);
  return { postcode: one(q.postcode), gemeente: one(q.gemeente).toUpperCase(), rol: one(q.rol), kind, thema: many(q.thema).slice(0, THEMES.length) };
}

export function toQueryString(a: Partial<RawAnswers>): string {
  const p = new URLSearchParams();
  if (a.postcode) p.set('postcode', a.postcode);
  if (a.gemeente) p.set('gemeente', a.gemeente);
  if (a.rol) p.set('rol', a.rol);
  for (const k of a.kind ?? []) if (k.trim()) p.append('kind', k);
  for (const t of a.thema ?? []) p.append('thema', t);
  return p.toString();
}

export function parseRole(raw: string): ApplicantRole | null {
  return ROLE_PARAM[raw] ?? null;
}

const DUTCH_DATE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A child is an age in years ("8") or a birth date ("1-5-2018", "01-05-2018", "2018-05-01"). */
export function parseChild(raw: string, today: string): { child: ChildQuery } | { error: string } {
  const value = raw.trim();
  if (!value) return { error: 'wizard.children.required' };
  if (/^\d{1,2}$/.test(value)) {
    const age = Number(value);
    return age <= 25 ? { child: { age } } : { error: 'wizard.children.tooOld' };
  }
  const m = DUTCH_DATE.exec(value) ?? ISO_DATE.exec(value);
  if (!m) return { error: 'wizard.children.invalid' };
  const [y, mo, d] = ISO_DATE.test(value) ? [m[1], m[2], m[3]] : [m[3], m[2], m[1]];
  const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) return { error: 'wizard.children.invalid' };
  if (iso > today) return { error: 'wizard.children.future' };
  if (Number(y) < Number(today.slice(0, 4)) - 25) return { error: 'wizard.children.tooOld' };
  return { child: { birthDate: iso } };
}

export function parseChildren(raw: string[], today: string): { children: ChildQuery[]; errors: FieldErrors } {
  const children: ChildQuery[] = [];
  const errors: FieldErrors = {};
  const filled = raw.map((r) => r.trim()).filter(Boolean);
  if (filled.length === 0) return { children, errors: { 'kind-0': { key: 'wizard.children.required' } } };
  filled.forEach((value, i) => {
    const result = parseChild(value, today);
    if ('error' in result) errors[`kind-${i}`] = { key: result.error, vars: { n: i + 1 } };
    else children.push(result.child);
  });
  return { children, errors };
}

export function parseThemes(raw: string[]): Theme[] {
  return THEMES.filter((t) => raw.includes(t));
}

export function ageBand(age: number): string {
  if (age <= 3) return '0-3';
  if (age <= 11) return '4-11';
  if (age <= 17) return '12-17';
  return '18+';
}
