import { isLang, translator, type Lang } from '../../core/i18n/index.ts';
import type { OutgoingMail } from '../../core/mail/mailer.ts';

/**
 * The mails an application causes, in the applicant's language. Plain text: it reads well in
 * every mail program, screen readers included, and carries no tracking.
 */
export interface MailItem {
  childName: string;
  title: string;
  organisation: string;
  handlingDays: number;
}

function lines(...parts: Array<string | null | false | undefined>): string {
  return parts.filter((p): p is string => typeof p === 'string').join('\n');
}

function tr(lang: string) {
  return translator(isLang(lang) ? lang : 'nl');
}

export function confirmationMail(input: {
  to: string;
  lang: Lang;
  name: string;
  reference: string;
  items: MailItem[];
  statusUrl: string;
  requestUrl: string;
  young: boolean;
  waitsForParent: string | null;
}): OutgoingMail {
  const t = tr(input.lang);
  const organisations = [...new Map(input.items.map((i) => [i.organisation, i])).values()];
  return {
    to: input.to,
    subject: t('applicationMail.confirmation.subject', { reference: input.reference }),
    text: lines(
      t('applicationMail.greeting', { name: input.name }),
      '',
      t(input.young ? 'applicationMail.confirmation.receivedYoung' : 'applicationMail.confirmation.received', { reference: input.reference }),
      '',
      t('applicationMail.confirmation.asked'),
      ...input.items.map((i) => `- ${i.childName}: ${i.title} (${i.organisation})`),
      '',
      input.waitsForParent ? t('applicationMail.confirmation.waitsForParent', { parent: input.waitsForParent }) : null,
      input.waitsForParent ? '' : null,
      t('applicationMail.confirmation.next'),
      ...organisations.map((o) => `- ${t('applicationMail.confirmation.handling', { organisation: o.organisation, days: o.handlingDays })}`),
      '',
      t('applicationMail.statusLink'),
      input.statusUrl,
      t('applicationMail.linkValidity', { url: input.requestUrl }),
      '',
      t('applicationMail.signature'),
    ),
  };
}

export function parentConsentMail(input: { to: string; lang: Lang; parentName: string; youngName: string; items: MailItem[]; url: string; days: number }): OutgoingMail {
  const t = tr(input.lang);
  return {
    to: input.to,
    subject: t('applicationMail.parent.subject', { name: input.youngName }),
    text: lines(
      t('applicationMail.greeting', { name: input.parentName }),
      '',
      t('applicationMail.parent.intro', { name: input.youngName }),
      ...input.items.map((i) => `- ${i.title} (${i.organisation})`),
      '',
      t('applicationMail.parent.why', { name: input.youngName }),
      '',
      t('applicationMail.parent.action'),
      input.url,
      t('applicationMail.parent.validity', { days: input.days }),
      '',
      t('applicationMail.parent.unknown'),
      '',
      t('applicationMail.signature'),
    ),
  };
}

export function newLinkMail(input: { to: string; lang: Lang; name: string; reference: string; statusUrl: string; requestUrl: string }): OutgoingMail {
  const t = tr(input.lang);
  return {
    to: input.to,
    subject: t('applicationMail.newLink.subject', { reference: input.reference }),
    text: lines(
      t('applicationMail.greeting', { name: input.name }),
      '',
      t('applicationMail.newLink.intro', { reference: input.reference }),
      input.statusUrl,
      t('applicationMail.linkValidity', { url: input.requestUrl }),
      '',
      t('applicationMail.newLink.notYou'),
      '',
      t('applicationMail.signature'),
    ),
  };
}

export function resumeMail(input: { to: string; lang: Lang; url: string; days: number }): OutgoingMail {
  const t = tr(input.lang);
  return {
    to: input.to,
    subject: t('applicationMail.resume.subject'),
    text: lines(
      t('applicationMail.resume.intro'),
      input.url,
      '',
      t('applicationMail.resume.validity', { days: input.days }),
      t('applicationMail.resume.notYou'),
      '',
      t('applicationMail.signature'),
    ),
  };
}

export function statusChangedMail(input: { to: string; lang: Lang; name: string; reference: string; childName: string; title: string; organisation: string; status: string; detail: string | null; statusUrl: string; requestUrl: string }): OutgoingMail {
  const t = tr(input.lang);
  return {
    to: input.to,
    subject: t('applicationMail.status.subject', { reference: input.reference }),
    text: lines(
      t('applicationMail.greeting', { name: input.name }),
      '',
      t('applicationMail.status.intro', { organisation: input.organisation, title: input.title, child: input.childName }),
      t(`itemStatuses.${input.status}`),
      input.detail,
      '',
      t('applicationMail.statusLink'),
      input.statusUrl,
      t('applicationMail.linkValidity', { url: input.requestUrl }),
      '',
      t('applicationMail.signature'),
    ),
  };
}

export function messageMail(input: { to: string; lang: Lang; name: string; reference: string; organisation: string; statusUrl: string; requestUrl: string }): OutgoingMail {
  const t = tr(input.lang);
  return {
    to: input.to,
    subject: t('applicationMail.message.subject', { reference: input.reference }),
    text: lines(
      t('applicationMail.greeting', { name: input.name }),
      '',
      t('applicationMail.message.intro', { organisation: input.organisation }),
      '',
      t('applicationMail.statusLink'),
      input.statusUrl,
      t('applicationMail.linkValidity', { url: input.requestUrl }),
      '',
      t('applicationMail.signature'),
    ),
  };
}
