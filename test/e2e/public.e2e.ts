import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectAccessible, fitsWidth, startE2E, type E2E } from './support.ts';

let e: E2E;
before(async () => {
  e = await startE2E();
});
after(() => e.close());

test('the public pages are accessible, Dutch, and fit 320 px', async () => {
  const page = await e.newPage({ width: 320 });
  for (const path of ['/', '/privacy', '/toegankelijkheid', '/inloggen', '/wachtwoord-vergeten', '/bestaat-niet']) {
    await page.goto(`${e.baseUrl}${path}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'nl');
    await expectAccessible(page, path);
    assert.ok(await fitsWidth(page), `${path} scrolls sideways at 320 px`);
  }
  await page.context().close();
});

test('keyboard: the first Tab reaches the skip link, which moves to the content', async () => {
  const page = await e.newPage();
  await page.goto(`${e.baseUrl}/privacy`);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
  assert.equal(focused, 'Naar de inhoud');
  await page.keyboard.press('Enter');
  assert.match(page.url(), /#main$/);
  await page.context().close();
});

test('switching to English changes the page and keeps it accessible', async () => {
  const page = await e.newPage();
  await page.goto(`${e.baseUrl}/privacy`);
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL(/\/privacy$/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.ok(await page.getByRole('heading', { level: 1, name: 'Privacy statement' }).isVisible());
  await expectAccessible(page, '/privacy (en)');
  await page.context().close();
});

test('a login error is announced in a summary that links to the field', async () => {
  const page = await e.newPage();
  await page.goto(`${e.baseUrl}/inloggen`);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  const summary = page.getByRole('alert');
  assert.match(await summary.innerText(), /Vul uw e-mailadres in/);
  await summary.getByRole('link', { name: 'Vul uw e-mailadres in.' }).click();
  const focusedId = await page.evaluate(() => document.activeElement?.id);
  assert.equal(focusedId, 'field-email');
  await expectAccessible(page, '/inloggen with errors');
  await page.context().close();
});
