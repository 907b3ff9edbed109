import { isLang, translator, type Lang } from '../../core/i18n/index.ts';
import type { OutgoingMail } from '../../core/mail/mailer.ts';
import { formatDate } from '../../core/i18n/format.ts';
import type { VisitKind } from '../../core/db/schema.ts';

/**
 * Mails the back office's steps cause, in the family's language (plain text, like the
 * application's own mails). They say what happened and link to the status page; personal details
 * beyond the family's own name and the organisation stay on the site.
 */
export interface Links {
  statusUrl: string;
  requestUrl: string;
}

const tr = (lang: string) => translator(isLang(lang) ? lang : 'nl');
const lines = (...parts: Array<string | null | undefined>) => parts.filter((p): p is string => typeof p === 'string').join('\n');

function footer(lang: string, links: Links): string[] {
  const t = tr(lang);
  return ['', t('applicationMail.statusLink'), links.statusUrl, t('applicationMail.linkValidity', { url: links.requestUrl }), '', t('applicationMail.signature')];
}

const TIME = new Map<string, Intl.DateTimeFormat>();
export function formatTime(at: Date, lang: Lang): string {
  let f = TIME.get(lang);
  if (!f) TIME.set(lang, (f = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' })));
  return f.format(at);
}

export function visitPlannedMail(input: { to: string; lang: Lang; name: string; reference: string; organisation: string; kind: VisitKind; at: Date; address: string | null; links: Links }): OutgoingMail {
  const t = tr(input.lang);
  const vars = { organisation: input.organisation, date: formatDate(input.at, input.lang), time: formatTime(input.at, input.lang), address: input.address ?? '' };
  return {
    to: input.to,
    subject: t('caseApplicant.mail.visitSubject', { reference: input.reference }),
    text: lines(
      t('applicationMail.greeting', { name: input.name }),
      '',
      t(input.kind === 'house_visit' ? 'caseApplicant.mail.houseVisit' : 'caseApplicant.mail.officeVisit', vars),
      input.kind === 'office' && input.address ? t('caseApplicant.mail.officeAddress', vars) : null,
      t('caseApplicant.mail.visitChange', vars),
      ...footer(input.lang, input.links),
    ),
  };
}

export function visitOverMail(input: { to: string; lang: Lang; name: string; reference: string; organisation: string; cancelled: boolean; links: Links }): OutgoingMail {
  const t = tr(input.lang);
  return {
    to: input.to,
    subject: t('applicationMail.status.subject', { reference: input.reference }),
    text: lines(
      t('applicationMail.greeting', { name: input.name }),
      '',
      t(input.cancelled ? 'caseApplicant.mail.visitCancelled' : 'caseApplicant.mail.visitDone', { organisation: input.organisation }),
      ...footer(input.lang, input.links),
    ),
  };
}

export function referralMail(input: { to: string; lang: Lang; name: string; reference: string; from: string; to_organisation: string; title: string; child: string; links: Links }): OutgoingMail {
  const t = tr(input.lang);
  return {
    to: input.to,
    subject: t('applicationMail.status.subject', { reference: input.reference }),
    text: lines(
      t('applicationMail.greeting', { name: input.name }),
      '',
      t('caseApplicant.mail.referred', { from: input.from, organisation: input.to_organisation, title: input.title, child: input.child }),
      ...footer(input.lang, input.links),
    ),
  };
}

export function referralConsentMail(input: { to: string; lang: Lang; name: string; from: string; to_organisation: string; title: string; child: string; url: string; days: number }): OutgoingMail {
  const t = tr(input.lang);
  const vars = { from: input.from, organisation: input.to_organisation, title: input.title, child: input.child, days: input.days };
  return {
    to: input.to,
    subject: t('caseApplicant.mail.consentSubject', vars),
    text: lines(
      t('applicationMail.greeting', { name: input.name }),
      '',
      t('caseApplicant.mail.consentIntro', vars),
      '',
      t('caseApplicant.mail.consentAction', vars),
      input.url,
      t('caseApplicant.mail.consentValidity', vars),
      '',
      t('caseApplicant.mail.consentNoAnswer', vars),
      '',
      t('applicationMail.signature'),
    ),
  };
}
