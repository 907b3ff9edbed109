import type { T, Lang } from '../../core/i18n/index.ts';
import { formatDate } from '../../core/i18n/format.ts';
import { euros } from '../../core/money.ts';
import { formatTime } from './mails.ts';

/**
 * The back office's steps as the family reads them on their status page, in their language:
 * the planned visit with its date and time, the payment to the club, the referral. Returns null
 * for anything this feature does not know, so the status page falls back to its own texts.
 */
export function caseEventText(t: T, lang: Lang, organisation: string, e: { kind: string; details: Record<string, unknown> }): string | null {
  const d = e.details;
  const other = typeof d.organisation === 'string' ? d.organisation : '';
  const at = typeof d.at === 'string' ? new Date(d.at) : null;
  const date = typeof d.date === 'string' ? formatDate(d.date, lang) : '';
  switch (e.kind) {
    case 'visit_planned':
      if (!at || Number.isNaN(at.getTime())) return null;
      return t(d.kind === 'office' ? 'caseApplicant.events.officeVisit' : 'caseApplicant.events.houseVisit', { organisation, date: formatDate(at, lang), time: formatTime(at, lang) });
    case 'visit_done':
      return t('caseApplicant.events.visitDone', { organisation });
    case 'visit_cancelled':
      return t('caseApplicant.events.visitCancelled', { organisation });
    case 'delivery_recorded': {
      const payee = typeof d.payee === 'string' ? d.payee : '';
      if (d.kind === 'goods') return t('caseApplicant.events.goodsSent', { organisation, date });
      return t('caseApplicant.events.paid', { organisation, payee, amount: typeof d.amountCents === 'number' ? euros(d.amountCents, lang) : '', date });
    }
    case 'case_closed':
      return t('caseApplicant.events.closed', { organisation });
    case 'referred_out':
      return t('caseApplicant.events.referredOut', { organisation, other });
    case 'referred_in':
      return t('caseApplicant.events.referredIn', { organisation, other });
    case 'referral_consent_asked':
      return t('caseApplicant.events.consentAsked', { organisation, other });
    case 'referral_refused':
      return t('caseApplicant.events.consentRefused', { other });
    case 'referral_expired':
      return t('caseApplicant.events.referralExpired', { other });
    default:
      return null;
  }
}
