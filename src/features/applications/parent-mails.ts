import { isLang, translator } from '../../core/i18n/index.ts';
import type { OutgoingMail } from '../../core/mail/mailer.ts';

/**
 * Mails to a young person about their parent's decision (or its absence), in the language the
 * young person chose. Plain text, like the other application mails (mails.ts).
 */
export type ParentOutcome = 'parentConfirmed' | 'parentRefused' | 'parentExpired';

export function parentOutcomeMail(input: { outcome: ParentOutcome; to: string; lang: string; name: string; parent: string; reference: string; statusUrl: string; requestUrl: string }): OutgoingMail {
  const t = translator(isLang(input.lang) ? input.lang : 'nl');
  return {
    to: input.to,
    subject: t(`applicationStatus.mail.${input.outcome}.subject`, { reference: input.reference }),
    text: [
      t('applicationMail.greeting', { name: input.name }),
      '',
      t(`applicationStatus.mail.${input.outcome}.body`, { parent: input.parent }),
      '',
      t('applicationMail.statusLink'),
      input.statusUrl,
      t('applicationMail.linkValidity', { url: input.requestUrl }),
      '',
      t('applicationMail.signature'),
    ].join('\n'),
  };
}
