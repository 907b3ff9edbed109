import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { createTestApp, type TestApp } from '../support/app.ts';
import { currentTotp } from '../../src/core/auth/totp.ts';
import { DEMO_PASSWORD } from '../../src/features/demo/accounts.ts';
import type { Config } from '../../src/core/config.ts';
import pino from 'pino';
import { Worker } from '../../src/core/jobs/queue.ts';
import { MAIL_QUEUE, createMailSender } from '../../src/core/mail/mailer.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2E {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** the real SMTP server the app's mail worker delivers to, when started with { mail: true } */
  smtp: TestSmtp | null;
  /** A page in a fresh context of a Dutch browser (Accept-Language nl-NL), 1280 px wide unless told otherwise. */
  newPage(options?: { width?: number; locale?: string }): Promise<Page>;
  close(): Promise<void>;
}

/** The real app listening on a loopback port, and Debian's Chromium (never a downloaded browser). */
export async function startE2E(overrides: Partial<Config> = {}, options: { mail?: boolean } = {}): Promise<E2E> {
  const smtp = options.mail ? await startSmtp() : null;
  const t = await createTestApp({ ...overrides, ...(smtp ? { smtpUrl: smtp.url } : {}) });
  // Mail goes out as in production: queued in the transaction, sent by the worker over SMTP.
  const worker = smtp ? new Worker(t.database.db, pino({ level: 'silent' }), 100).register(MAIL_QUEUE, createMailSender(t.database.db, t.config)) : null;
  worker?.start();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.app.server.address() as AddressInfo).port;
  const baseUrl = `http://localhost:${port}`;
  t.config.publicUrl = baseUrl;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
  return {
    t,
    baseUrl,
    browser,
    smtp,
    newPage: async (options = {}) => {
      const context = await browser.newContext({ locale: options.locale ?? 'nl-NL', viewport: { width: options.width ?? 1280, height: 900 } });
      return context.newPage();
    },
    close: async () => {
      await browser.close();
      await worker?.stop();
      await t.close();
      await smtp?.close();
    },
  };
}

/** axe-core at WCAG 2.1 AA on the page as it is now: any violation fails the test, listed by rule and element. */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  assert.deepEqual(summary, [], `accessibility violations on ${label}`);
}

/** Logs in through the forms with password and the current TOTP code, as a person with an authenticator app would. */
export async function loginInBrowser(page: Page, baseUrl: string, email: string, totpSecret: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/inloggen`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(/\/inloggen\/code/);
  await page.getByLabel('Code', { exact: true }).fill(currentTotp(totpSecret));
  await page.getByRole('button', { name: 'Doorgaan' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/inloggen'));
}

/** True when the page fits its viewport without sideways scrolling. */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}
