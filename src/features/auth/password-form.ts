import { z } from 'zod';
import { passwordProblem } from '../../core/auth/passwords.ts';
import type { FieldErrors } from '../../core/layout/forms.tsx';

export const NewPasswordSchema = z.object({
  password: z.string().min(1, 'auth.password.required').max(1000, 'auth.password.tooLong'),
  confirm: z.string().max(1000, 'auth.password.tooLong'),
});

/** Rules beyond the shape: strength and the two fields matching. */
export function newPasswordErrors(password: string, confirm: string, email: string): FieldErrors {
  const problem = passwordProblem(password, email);
  if (problem) return { password: { key: problem } };
  if (password !== confirm) return { confirm: { key: 'auth.password.mismatch' } };
  return {};
}
