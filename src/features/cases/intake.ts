import type { FieldErrors } from '../../core/layout/forms.tsx';
import type { Snapshot } from '../catalogue/cache.ts';
import { ageOn } from '../catalogue/routing.ts';
import { normalisePostcode } from '../refdata/postcode.ts';
import { parseBirthDate } from '../applications/steps.ts';
import type { Origin } from '../applications/drafts.ts';

/**
 * The first page of an application a staff member enters for a family at a walk-in hour or on
 * the phone: how the family came, where they live, who applies and the children's birth dates.
 * It takes the place of the public wizard; from there on the form is the same as online.
 */
export const INTAKE_CHANNELS = ['walk_in', 'phone'] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];
export const MAX_CHILDREN = 4;

export interface IntakeStart {
  channel: IntakeChannel;
  origin: Origin;
  postcode: string;
  municipalityCode: string;
}

export type IntakeResult = { ok: true; start: IntakeStart } | { ok: false; errors: FieldErrors; split: Array<{ code: string; name: string }> | null };

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.replaceAll('\u0000', '').trim().slice(0, max) : '');

export function parseIntakeStart(body: Record<string, unknown>, snapshot: Snapshot, today: string): IntakeResult {
  const errors: FieldErrors = {};
  let split: Array<{ code: string; name: string }> | null = null;
  const channel = str(body.kanaal, 10) as IntakeChannel;
  if (!INTAKE_CHANNELS.includes(channel)) errors.kanaal = { key: 'cases.intake.errors.channel' };
  const role = str(body.rol, 10);
  if (role !== 'parent' && role !== 'young') errors.rol = { key: 'cases.intake.errors.role' };

  const postcodeRaw = str(body.postcode, 20);
  const postcode = normalisePostcode(postcodeRaw);
  let municipalityCode = '';
  if (!postcodeRaw) errors.postcode = { key: 'cases.intake.errors.postcodeRequired' };
  else if (!postcode?.pc6) errors.postcode = { key: 'cases.intake.errors.postcodeInvalid' };
  else {
    const found = snapshot.lookupPostcode(postcode.pc6);
    if (found.kind === 'single') municipalityCode = found.municipality.code;
    else if (found.kind === 'split') {
      split = found.options.map((o) => ({ code: o.code, name: o.commonName }));
      const picked = str(body.gemeente, 10).toUpperCase();
      if (split.some((o) => o.code === picked)) municipalityCode = picked;
      else errors.gemeente = { key: 'cases.intake.errors.municipality' };
    } else errors.postcode = { key: 'cases.intake.errors.postcodeUnknown' };
  }

  const children: Array<{ birthDate: string }> = [];
  for (let i = 1; i <= MAX_CHILDREN; i++) {
    const value = str(body[`kind-${i}`], 20);
    if (!value) continue;
    const parsed = parseBirthDate(value, today);
    if ('error' in parsed) errors[`kind-${i}`] = { key: parsed.error };
    else children.push({ birthDate: parsed.date });
  }
  if (children.length === 0 && !Object.keys(errors).some((k) => k.startsWith('kind-'))) errors['kind-1'] = { key: 'cases.intake.errors.childRequired' };
  if (role === 'young' && children.length > 0) {
    const age = ageOn(children[0]!.birthDate, today);
    if (children.length > 1 || age < 12 || age > 17) errors['kind-1'] = { key: 'cases.intake.errors.young' };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, split };
  return {
    ok: true,
    start: {
      channel,
      origin: { municipalityCode, role: role as 'parent' | 'young', children, wizard: '' },
      postcode: `${postcode!.pc4} ${postcode!.pc6!.slice(4)}`,
      municipalityCode,
    },
  };
}
