import type { z } from 'zod';
import type { FieldErrors } from '../layout/forms.tsx';

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/**
 * Validates a posted form with a zod schema whose messages are i18n keys.
 * On failure it returns the errors per field plus what was typed, so the page can re-render it.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    if (errors[field]) continue;
    errors[field] = { key: issue.message.startsWith('validation.') || issue.message.includes('.') ? issue.message : 'validation.invalid' };
  }
  return { ok: false, errors, values };
}

/** Form posts give a string for one checked box and an array for several. */
export function asArray(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

export function str(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  return typeof v === 'string' ? v : '';
}
