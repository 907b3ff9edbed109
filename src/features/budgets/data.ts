import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import { recordAudit, type AuditActor } from '../../core/audit/audit.ts';
import { isUniqueViolation } from '../admin/data.ts';
import type { BudgetLine, BudgetLineInput } from './rules.ts';

/**
 * Budget lines with what is committed (granted, not yet delivered) and paid against them, and the
 * payments of a period. Always for one organisation: the caller passes the staff member's own.
 */
export interface BudgetLineView extends BudgetLine {
  municipalityName: string | null;
}

export async function budgetLines(db: Db, organisationId: string, year?: number): Promise<BudgetLineView[]> {
  const rows = await sql<{ id: string; year: number; municipality_code: string | null; common_name: string | null; funder: string | null; allocated_cents: number; committed: number; paid: number }>`
    select b.id, b.year, b.municipality_code, m.common_name, b.funder, b.allocated_cents,
      coalesce((select sum(i.granted_cents) from case_items i where i.budget_id = b.id and i.status = 'granted'), 0)::bigint as committed,
      coalesce((select sum(p.amount_cents) from payments p where p.budget_id = b.id), 0)::bigint as paid
    from budgets b
    left join municipalities m on m.code = b.municipality_code
    where b.organisation_id = ${organisationId} ${year === undefined ? sql`` : sql`and b.year = ${year}`}
    order by b.year desc, m.common_name nulls first, b.funder nulls first`.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    year: r.year,
    municipalityCode: r.municipality_code,
    municipalityName: r.common_name,
    funder: r.funder,
    allocatedCents: Number(r.allocated_cents),
    committedCents: Number(r.committed),
    paidCents: Number(r.paid),
  }));
}

/** What is left on a line: allocated minus committed minus paid. Called with the line locked when granting. */
export async function remainingOf(db: Db, budgetId: string): Promise<number> {
  const [line] = await sql<{ remaining: number }>`
    select b.allocated_cents
      - coalesce((select sum(i.granted_cents) from case_items i where i.budget_id = b.id and i.status = 'granted'), 0)
      - coalesce((select sum(p.amount_cents) from payments p where p.budget_id = b.id), 0) as remaining
    from budgets b where b.id = ${budgetId}`.execute(db).then((r) => r.rows);
  return Number(line?.remaining ?? 0);
}

/** Grants and payments made without a budget line, per year: shown so that nothing disappears from the figures. */
export async function unbudgeted(db: Db, organisationId: string, year: number): Promise<{ committedCents: number; paidCents: number }> {
  const start = `${year}-01-01`;
  const end = `${year + 1}-01-01`;
  const [row] = await sql<{ committed: number; paid: number }>`
    select
      coalesce((select sum(i.granted_cents) from case_items i join cases c on c.id = i.case_id
        where c.organisation_id = ${organisationId} and i.budget_id is null and i.status = 'granted' and i.decided_at >= ${start}::date and i.decided_at < ${end}::date), 0)::bigint as committed,
      coalesce((select sum(p.amount_cents) from payments p
        where p.organisation_id = ${organisationId} and p.budget_id is null and p.paid_on >= ${start}::date and p.paid_on < ${end}::date), 0)::bigint as paid`.execute(db).then((r) => r.rows);
  return { committedCents: Number(row?.committed ?? 0), paidCents: Number(row?.paid ?? 0) };
}

export type SaveLineResult = { kind: 'saved'; id: string } | { kind: 'exists' };

/** A new line, or a new allocation for an existing one (same year, municipality and funder). */
export async function saveBudgetLine(db: Db, actor: AuditActor, organisationId: string, line: BudgetLineInput): Promise<SaveLineResult> {
  return db
    .transaction()
    .execute(async (trx) => {
      const existing = await trx
        .selectFrom('budgets')
        .select(['id', 'allocated_cents'])
        .where('organisation_id', '=', organisationId)
        .where('year', '=', line.year)
        .where(sql<string>`coalesce(municipality_code, '')`, '=', line.municipalityCode ?? '')
        .where(sql<string>`coalesce(funder, '')`, '=', line.funder ?? '')
        .forUpdate()
        .executeTakeFirst();
      const now = new Date();
      const id = existing
        ? (await trx.updateTable('budgets').set({ allocated_cents: line.allocatedCents, updated_at: now }).where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()).id
        : (await trx
            .insertInto('budgets')
            .values({ organisation_id: organisationId, year: line.year, municipality_code: line.municipalityCode, funder: line.funder, allocated_cents: line.allocatedCents })
            .returning('id')
            .executeTakeFirstOrThrow()).id;
      await recordAudit(trx, actor, {
        action: existing ? 'budget.changed' : 'budget.created',
        entityType: 'budget',
        entityId: id,
        organisationId,
        details: { year: line.year, municipality: line.municipalityCode, funder: line.funder, allocatedCents: line.allocatedCents, before: existing ? Number(existing.allocated_cents) : null },
      });
      return { kind: 'saved', id } as const;
    })
    .catch((error: unknown) => {
      // Two coordinators adding the same line at once: the second is told it exists.
      if (isUniqueViolation(error)) return { kind: 'exists' } as const;
      throw error;
    });
}

export interface PaymentRow {
  paidOn: string;
  kind: 'payment' | 'goods';
  payeeName: string;
  iban: string | null;
  amountCents: number;
  paymentReference: string | null;
  description: string | null;
  caseReference: string;
  budget: string | null;
}

export async function paymentsInPeriod(db: Db, organisationId: string, from: string, to: string, limit?: number): Promise<PaymentRow[]> {
  let q = db
    .selectFrom('payments')
    .leftJoin('budgets', 'budgets.id', 'payments.budget_id')
    .leftJoin('municipalities', 'municipalities.code', 'budgets.municipality_code')
    .select([
      'payments.paid_on', 'payments.kind', 'payments.payee_name', 'payments.iban', 'payments.amount_cents', 'payments.payment_reference', 'payments.description', 'payments.case_reference',
      'budgets.year', 'budgets.funder', 'municipalities.common_name',
    ])
    .where('payments.organisation_id', '=', organisationId)
    .where('payments.paid_on', '>=', from)
    .where('payments.paid_on', '<=', to)
    .orderBy('payments.paid_on')
    .orderBy('payments.id');
  if (limit) q = q.limit(limit);
  const rows = await q.execute();
  return rows.map((r) => ({
    paidOn: r.paid_on,
    kind: r.kind,
    payeeName: r.payee_name,
    iban: r.iban,
    amountCents: r.amount_cents,
    paymentReference: r.payment_reference,
    description: r.description,
    caseReference: r.case_reference,
    budget: r.year ? [String(r.year), r.common_name, r.funder].filter(Boolean).join(' – ') : null,
  }));
}
