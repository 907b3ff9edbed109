import crypto from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import { retryWhileUnreachable, type Db } from '../db/index.ts';
import { enqueue } from '../jobs/queue.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export const MAIL_QUEUE = 'mail.send';

/**
 * Stores the mail and its send job. Pass the transaction of the change that causes the mail,
 * so that the mail goes out exactly when that change is committed.
 */
export async function queueMail(db: Db, mail: OutgoingMail): Promise<string> {
  const row = await db
    .insertInto('outbound_mails')
    .values({ to_address: mail.to, subject: mail.subject, text_body: mail.text, html_body: mail.html ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueue(db, MAIL_QUEUE, { mailId: row.id });
  return row.id;
}

/** Several mails in two statements, for changes that cause more than one (an application: applicant and parent). */
export async function queueMails(db: Db, mails: readonly OutgoingMail[]): Promise<string[]> {
  if (mails.length === 0) return [];
  const ids = mails.map(() => crypto.randomUUID());
  await db
    .insertInto('outbound_mails')
    .values(mails.map((m, i) => ({ id: ids[i]!, to_address: m.to, subject: m.subject, text_body: m.text, html_body: m.html ?? null })))
    .execute();
  await db
    .insertInto('jobs')
    .values(ids.map((mailId) => ({ queue: MAIL_QUEUE, payload: JSON.stringify({ mailId }), run_at: new Date() })))
    .execute();
  return ids;
}

export function createMailSender(db: Db, config: Config) {
  const transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  return async function sendQueuedMail(payload: Record<string, unknown>): Promise<void> {
    const mailId = String(payload.mailId);
    const mail = await db.selectFrom('outbound_mails').selectAll().where('id', '=', mailId).executeTakeFirst();
    if (!mail || mail.status === 'sent' || mail.status === 'kept') return;
    if (!transport) {
      // Development without SMTP: the mail stays in the database and is shown at /dev/mail.
      await db.updateTable('outbound_mails').set({ status: 'kept' }).where('id', '=', mailId).execute();
      return;
    }
    const messageId = `<${mail.id}@kansrijk>`;
    await transport.sendMail({
      from: config.mailFrom,
      to: mail.to_address,
      subject: mail.subject,
      text: mail.text_body,
      ...(mail.html_body ? { html: mail.html_body } : {}),
      // A stable Message-ID lets receiving servers drop a duplicate if a send is retried.
      messageId,
    });
    // The mail server has it now: record that also while the database restarts, or it would be sent again.
    await retryWhileUnreachable(() => db.updateTable('outbound_mails').set({ status: 'sent', sent_at: new Date(), message_id: messageId }).where('id', '=', mailId).execute());
  };
}
