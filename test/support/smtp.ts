import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

/**
 * A real SMTP server on loopback for tests: the app's mailer talks SMTP to it exactly as it does
 * to a production relay, and tests read what arrived (parsed, with decoded subject and text).
 */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string | undefined;
}

export interface TestSmtp {
  url: string;
  mails: ReceivedMail[];
  /** Waits until a mail matching the predicate has arrived. */
  waitFor(match: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            messageId: parsed.messageId,
          });
          callback();
        })
        .catch(callback);
    },
  });
  // A client that dies mid-session (an app process killed in a test) resets its connection; a
  // mail server logs that and carries on, it must not take the test process down.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(match, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = mails.find(match);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no matching mail within ${timeoutMs} ms; received: ${mails.map((m) => `${m.to.join(',')} "${m.subject}"`).join('; ')}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a mail's text that starts with the given base address. */
export function linkIn(mail: ReceivedMail, base: string): string {
  const m = new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\S+`).exec(mail.text);
  if (!m) throw new Error(`no link to ${base} in mail "${mail.subject}":\n${mail.text}`);
  return m[0];
}
