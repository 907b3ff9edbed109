import type { FieldErrors } from '../../core/layout/forms.tsx';
import { parseEuros } from '../../core/money.ts';
import { isValidIban, normaliseIban } from '../../core/validation/iban.ts';
import { addDays, parseDay } from './dates.ts';

/**
 * Recording how a granted provision reached the child: a payment to the club, school or supplier
 * (never to the family), or goods sent. The IBAN is checked with its mod-97 check digits, and no
 * more is paid than was granted.
 */
export type DeliveryKind = 'payment' | 'goods';

export interface Delivery {
  kind: DeliveryKind;
  payeeName: string;
  iban: string | null;
  amountCents: number;
  paidOn: string;
  reference: string | null;
  description: string | null;
}

export type DeliveryResult = { ok: true; delivery: Delivery } | { ok: false; errors: FieldErrors };

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.replaceAll('\u0000', '').trim().slice(0, max + 1) : '');

/** A payment or dispatch may be dated up to a year back (catching up) and 90 days ahead (a scheduled transfer). */
export function parseDelivery(body: Record<string, unknown>, grantedCents: number, today: string, money: (cents: number) => string): DeliveryResult {
  const errors: FieldErrors = {};
  const kind = str(body.soort, 10);
  if (kind !== 'payment' && kind !== 'goods') return { ok: false, errors: { soort: { key: 'cases.delivery.errors.kindRequired' } } };

  const payeeName = str(body.ontvanger, 200);
  if (!payeeName) errors.ontvanger = { key: kind === 'payment' ? 'cases.delivery.errors.payeeRequired' : 'cases.delivery.errors.supplierRequired' };
  else if (payeeName.length > 200) errors.ontvanger = { key: 'cases.errors.tooLong', vars: { max: 200 } };

  let iban: string | null = null;
  const ibanRaw = str(body.iban, 50);
  if (kind === 'payment') {
    if (!ibanRaw) errors.iban = { key: 'cases.delivery.errors.ibanRequired' };
    else if (!isValidIban(ibanRaw)) errors.iban = { key: 'cases.delivery.errors.ibanInvalid' };
    else iban = normaliseIban(ibanRaw);
  } else if (ibanRaw) errors.iban = { key: 'cases.delivery.errors.ibanNotForGoods' };

  const amountRaw = str(body.bedrag, 30);
  const amount = amountRaw ? parseEuros(amountRaw) : null;
  if (!amountRaw) errors.bedrag = { key: 'cases.delivery.errors.amountRequired' };
  else if (amount === null || (kind === 'payment' && amount === 0)) errors.bedrag = { key: 'cases.delivery.errors.amountInvalid' };
  else if (amount > grantedCents) errors.bedrag = { key: 'cases.delivery.errors.aboveGranted', vars: { granted: money(grantedCents) } };

  const dayRaw = str(body.datum, 20);
  const paidOn = parseDay(dayRaw);
  if (!dayRaw) errors.datum = { key: 'cases.delivery.errors.dateRequired' };
  else if (!paidOn) errors.datum = { key: 'cases.delivery.errors.dateInvalid' };
  else if (paidOn < addDays(today, -366) || paidOn > addDays(today, 90)) errors.datum = { key: 'cases.delivery.errors.dateRange' };

  const reference = str(body.kenmerk, 140);
  if (reference.length > 140) errors.kenmerk = { key: 'cases.errors.tooLong', vars: { max: 140 } };
  const description = str(body.omschrijving, 500);
  if (kind === 'goods' && !description) errors.omschrijving = { key: 'cases.delivery.errors.descriptionRequired' };
  else if (description.length > 500) errors.omschrijving = { key: 'cases.errors.tooLong', vars: { max: 500 } };

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, delivery: { kind, payeeName, iban, amountCents: amount!, paidOn: paidOn!, reference: reference || null, description: description || null } };
}
