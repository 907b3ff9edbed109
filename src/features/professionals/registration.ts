import { z } from 'zod';
import { EMPLOYER_TYPES, type EmployerType } from '../../core/db/schema.ts';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { isEmail } from '../../core/validation/email.ts';
import { asArray } from '../../core/http/forms.ts';
// The same patterns as the application form: a name of any script, a Dutch or international number.
import { NAME, PHONE } from '../applications/steps.ts';

/**
 * A professional's registration, read from the form. Plain function: the route gives it the
 * posted values and the set of active municipality codes; it returns typed values or a message
 * key per field. The password is not asked here: it is set after the work address is confirmed
 * by the link we mail, together with the second factor.
 */
export const MAX_MUNICIPALITIES = 4;

export interface Registration {
  name: string;
  email: string;
  phone: string;
  employerType: EmployerType;
  employerName: string;
  employerPlace: string;
  jobTitle: string;
  municipalities: string[];
}

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.replaceAll('\u0000', '').trim().slice(0, max + 1) : '');

export type RegistrationResult = { ok: true; value: Registration } | { ok: false; errors: FieldErrors };

export function parseRegistration(body: Record<string, unknown>, activeMunicipalities: ReadonlySet<string>): RegistrationResult {
  const errors: FieldErrors = {};
  const name = text(body.naam, 100);
  if (!name) errors.naam = { key: 'professionals.register.errors.nameRequired' };
  else if (name.length > 100 || !NAME.test(name)) errors.naam = { key: 'professionals.register.errors.nameInvalid' };

  const email = text(body.email, 254).toLowerCase();
  if (!email) errors.email = { key: 'professionals.register.errors.emailRequired' };
  else if (!isEmail(email)) errors.email = { key: 'professionals.register.errors.emailInvalid' };

  const phone = text(body.telefoon, 20);
  if (!phone) errors.telefoon = { key: 'professionals.register.errors.phoneRequired' };
  else if (!PHONE.test(phone)) errors.telefoon = { key: 'professionals.register.errors.phoneInvalid' };

  const type = z.enum(EMPLOYER_TYPES).safeParse(text(body.soort, 20));
  if (!type.success) errors.soort = { key: 'professionals.register.errors.typeRequired' };

  const employerName = text(body.werkgever, 150);
  if (!employerName) errors.werkgever = { key: 'professionals.register.errors.employerRequired' };
  else if (employerName.length > 150) errors.werkgever = { key: 'professionals.register.errors.tooLong', vars: { max: 150 } };

  const employerPlace = text(body.plaats, 80);
  if (!employerPlace) errors.plaats = { key: 'professionals.register.errors.placeRequired' };
  else if (employerPlace.length > 80) errors.plaats = { key: 'professionals.register.errors.tooLong', vars: { max: 80 } };

  const jobTitle = text(body.functie, 100);
  if (!jobTitle) errors.functie = { key: 'professionals.register.errors.jobRequired' };
  else if (jobTitle.length > 100) errors.functie = { key: 'professionals.register.errors.tooLong', vars: { max: 100 } };

  const municipalities = [...new Set(asArray(body.gemeente).map((c) => c.trim().toUpperCase()).filter((c) => c !== ''))];
  if (municipalities.length === 0) errors['gemeente-1'] = { key: 'professionals.register.errors.municipalityRequired' };
  else if (municipalities.length > MAX_MUNICIPALITIES) errors['gemeente-1'] = { key: 'professionals.register.errors.tooManyMunicipalities', vars: { max: MAX_MUNICIPALITIES } };
  else if (municipalities.some((c) => !activeMunicipalities.has(c))) errors['gemeente-1'] = { key: 'professionals.register.errors.municipalityUnknown' };

  if (body.akkoord !== 'ja') errors.akkoord = { key: 'professionals.register.errors.termsRequired' };

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { name, email, phone, employerType: type.data!, employerName, employerPlace, jobTitle, municipalities } };
}

/**
 * The organisations a professional is put forward to: those active in one of their municipalities
 * that accept applications from professionals. Where an organisation does not ask for approval
 * the professional is approved at once.
 */
export function initialApprovals(organisations: Array<{ id: string; professionalApproval: boolean }>): Array<{ organisationId: string; status: 'pending' | 'approved' }> {
  return organisations.map((o) => ({ organisationId: o.id, status: o.professionalApproval ? 'pending' : 'approved' }));
}

export const APPROVAL_DECISIONS = ['approve', 'reject', 'suspend', 'reinstate'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** Which decisions a coordinator may take from a status; anything else is refused. */
export function allowedDecisions(status: 'pending' | 'approved' | 'rejected' | 'suspended'): ApprovalDecision[] {
  switch (status) {
    case 'pending':
      return ['approve', 'reject'];
    case 'approved':
      return ['suspend'];
    case 'suspended':
      return ['reinstate'];
    case 'rejected':
      return ['approve'];
  }
}

export function statusAfter(decision: ApprovalDecision): 'approved' | 'rejected' | 'suspended' {
  return decision === 'reject' ? 'rejected' : decision === 'suspend' ? 'suspended' : 'approved';
}

/** A rejection or suspension is explained to the professional in plain words. */
export function needsReason(decision: ApprovalDecision): boolean {
  return decision === 'reject' || decision === 'suspend';
}
