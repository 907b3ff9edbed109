import type { Db } from '../../core/db/index.ts';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { recordAudit, type AuditActor } from '../../core/audit/audit.ts';
import type { TargetFormValues } from './views.tsx';

/**
 * The municipality's own count of its target group and its targets for a year. Every field is
 * checked here, with a message next to it; empty means "not given".
 */
export interface TargetForm {
  year: number;
  children: number | null;
  socialAssistance: number | null;
  workingPoor: number | null;
  socialAssistancePct: number | null;
  workingPoorPct: number | null;
  lowIncomePct: number | null;
}

const FIELDS = ['jaar', 'kinderen', 'bijstand', 'werkend', 'doel_bijstand', 'doel_werkend', 'doel_totaal'] as const;

function whole(raw: string, max: number): number | null | 'invalid' {
  const v = raw.replace(/[\s.]/g, '');
  if (v === '') return null;
  if (!/^\d{1,9}$/.test(v)) return 'invalid';
  const n = Number(v);
  return n > max ? 'invalid' : n;
}

export function parseTargetForm(body: unknown): { ok: true; data: TargetForm } | { ok: false; errors: FieldErrors; values: TargetFormValues } {
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const values = Object.fromEntries(FIELDS.map((f) => [f, typeof raw[f] === 'string' ? (raw[f] as string).trim().slice(0, 20) : ''])) as unknown as TargetFormValues;
  const errors: FieldErrors = {};
  const year = whole(values.jaar, 2100);
  if (year === null) errors.jaar = { key: 'reach.targets.errors.yearRequired' };
  else if (year === 'invalid' || year < 2000) errors.jaar = { key: 'reach.targets.errors.year' };
  const counts = { kinderen: whole(values.kinderen, 10_000_000), bijstand: whole(values.bijstand, 10_000_000), werkend: whole(values.werkend, 10_000_000) };
  for (const [k, v] of Object.entries(counts)) if (v === 'invalid') errors[k] = { key: 'reach.targets.errors.count' };
  const pcts = { doel_bijstand: whole(values.doel_bijstand, 100), doel_werkend: whole(values.doel_werkend, 100), doel_totaal: whole(values.doel_totaal, 100) };
  for (const [k, v] of Object.entries(pcts)) if (v === 'invalid') errors[k] = { key: 'reach.targets.errors.percentage' };
  const num = (v: number | null | 'invalid') => (v === 'invalid' ? null : v);
  if (!errors.kinderen && counts.kinderen === null && (num(counts.bijstand) !== null || num(counts.werkend) !== null)) errors.kinderen = { key: 'reach.targets.errors.childrenWithSplit' };
  if (!errors.bijstand && !errors.werkend && num(counts.kinderen) !== null && num(counts.bijstand) !== null && num(counts.werkend) !== null && num(counts.bijstand)! + num(counts.werkend)! > num(counts.kinderen)!) {
    errors.bijstand = { key: 'reach.targets.errors.splitTooLarge' };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return {
    ok: true,
    data: {
      year: year as number,
      children: num(counts.kinderen),
      socialAssistance: num(counts.bijstand),
      workingPoor: num(counts.werkend),
      socialAssistancePct: num(pcts.doel_bijstand),
      workingPoorPct: num(pcts.doel_werkend),
      lowIncomePct: num(pcts.doel_totaal),
    },
  };
}

export async function saveTargets(db: Db, actor: AuditActor, code: string, form: TargetForm): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (form.children === null) {
      await trx.deleteFrom('reach_target_groups').where('municipality_code', '=', code).where('year', '=', form.year).where('source', '=', 'municipality').execute();
    } else {
      const row = { municipality_code: code, year: form.year, source: 'municipality' as const, children: form.children, social_assistance_children: form.socialAssistance, working_poor_children: form.workingPoor, illustrative: false, source_note: null, updated_by: actor.userId, updated_at: new Date() };
      await trx
        .insertInto('reach_target_groups')
        .values(row)
        .onConflict((oc) => oc.columns(['municipality_code', 'year', 'source']).doUpdateSet({ children: row.children, social_assistance_children: row.social_assistance_children, working_poor_children: row.working_poor_children, illustrative: false, updated_by: row.updated_by, updated_at: row.updated_at }))
        .execute();
    }
    const target = { municipality_code: code, year: form.year, social_assistance_pct: form.socialAssistancePct, working_poor_pct: form.workingPoorPct, low_income_pct: form.lowIncomePct, updated_by: actor.userId, updated_at: new Date() };
    await trx
      .insertInto('reach_targets')
      .values(target)
      .onConflict((oc) => oc.columns(['municipality_code', 'year']).doUpdateSet({ social_assistance_pct: target.social_assistance_pct, working_poor_pct: target.working_poor_pct, low_income_pct: target.low_income_pct, updated_by: target.updated_by, updated_at: target.updated_at }))
      .execute();
    await recordAudit(trx, actor, { action: 'reach.targets.saved', entityType: 'municipality', entityId: code, details: { ...form } });
  });
}
