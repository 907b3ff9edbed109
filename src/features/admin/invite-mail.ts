import type { FastifyRequest } from 'fastify';
import type { Db } from '../../core/db/index.ts';
import type { Role } from '../../core/db/schema.ts';
import { queueMail } from '../../core/mail/mailer.ts';
import { issueToken } from '../auth/data.ts';
import { SOURCE_LANG, translator } from '../../core/i18n/index.ts';

/** Issues a fresh invitation token and queues its mail, inside the caller's transaction. */
export async function sendInvite(
  trx: Db,
  request: FastifyRequest,
  user: { id: string; name: string; email: string; role: Role },
  org: { name: string },
  publicUrl: string,
): Promise<void> {
  // The invitee's language is not known yet: invitations go out in Dutch, the source language.
  const t = translator(SOURCE_LANG);
  const token = await issueToken(trx, user.id, 'invite');
  await queueMail(trx, {
    to: user.email,
    subject: t('mail.invite.subject'),
    text: t('mail.invite.body', { name: user.name, inviter: request.staff!.name, organisation: org.name, role: t(`roles.${user.role}`), link: `${publicUrl}/uitnodiging/${token}` }),
  });
}

