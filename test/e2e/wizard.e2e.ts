import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { expectAccessible, fitsWidth, startE2E, type E2E } from './support.ts';

let e: E2E;
before(async () => {
  e = await startE2E();
});
after(() => e.close());

async function answer(page: Page, postcode: string, role: RegExp, ages: string[], themes: string[]) {
  await page.goto(`${e.baseUrl}/`);
  await expectAccessible(page, 'step 1');
  assert.ok(await fitsWidth(page), 'step 1 fits');
  await page.getByLabel('Postcode').fill(postcode);
  await page.getByRole('button', { name: 'Volgende' }).click();
  await expectAccessible(page, 'step 2');
  await page.getByLabel(role).check();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await expectAccessible(page, 'step 3');
  for (const [i, age] of ages.entries()) {
    if (i > 0) await page.getByRole('button', { name: 'Nog een kind toevoegen' }).click();
    await page.getByLabel(`Kind ${i + 1}: leeftijd of geboortedatum`).fill(age);
  }
  await page.getByRole('button', { name: 'Volgende' }).click();
  await expectAccessible(page, 'step 4');
  for (const theme of themes) await page.getByLabel(theme).check();
  await page.getByRole('button', { name: 'Laat zien wat er is' }).click();
  await page.waitForURL(/\/wizard\/resultaat/);
  await expectAccessible(page, `result for ${postcode}`);
  assert.ok(await fitsWidth(page), 'result fits');
}

const optionTitles = (page: Page) => page.locator('article.kansrijk-option h5').allInnerTexts();

test('three real postcodes in three demo municipalities give the right, different answers, at 320 px', async () => {
  const page = await e.newPage({ width: 320 });
  await answer(page, '3811 ab', /ouder of verzorger/, ['8'], ['Sport', 'Onderwijs en school']);
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Amersfoort/);
  const amersfoort = await optionTitles(page);
  assert.ok(amersfoort.includes('Meedoenbudget Amersfoort') && amersfoort.includes('Schoolreis en excursies') && amersfoort.includes('Lid worden van een sportclub'), amersfoort.join(' | '));

  await answer(page, '3511AB', /ouder of verzorger/, ['8'], ['Sport', 'Onderwijs en school']);
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Utrecht/);
  const utrecht = await optionTitles(page);
  assert.ok(utrecht.includes('U-pas kindregeling') && !utrecht.includes('Schoolreis en excursies'), utrecht.join(' | '));

  await answer(page, '1012 AB', /help gezinnen/, ['8', '14'], ['Sport']);
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Amsterdam/);
  assert.equal(await page.getByRole('heading', { level: 2, name: /Kind \d/ }).count(), 2, 'one section per child');
  const amsterdam = await optionTitles(page);
  assert.ok(amsterdam.includes('Sporten bij een club') && !amsterdam.includes('Lid worden van een sportclub'));
  await page.context().close();
});

test('a split postcode asks which municipality; a malformed one is explained next to the field', async () => {
  const page = await e.newPage();
  await page.goto(`${e.baseUrl}/`);
  await page.getByLabel('Postcode').fill('12');
  await page.getByRole('button', { name: 'Volgende' }).click();
  assert.match(await page.getByRole('alert').innerText(), /Vul een geldige postcode in/);
  await expectAccessible(page, 'step 1 with error');
  await page.getByLabel('Postcode').fill('1261');
  await page.getByRole('button', { name: 'Volgende' }).click();
  assert.ok(await page.getByText('Postcode 1261 ligt in twee gemeenten').isVisible());
  await expectAccessible(page, 'split postcode choice');
  await page.getByLabel('Laren').check();
  await page.getByRole('button', { name: 'Volgende' }).click();
  assert.ok(await page.getByText('U woont in de gemeente Laren.').isVisible());
  await page.context().close();
});

test('the JSON answer equals the page', async () => {
  const page = await e.newPage();
  await answer(page, '3811AB', /ouder of verzorger/, ['8'], []);
  const fromPage = (await optionTitles(page)).sort();
  const href = await page.getByTestId('json-link').getAttribute('href');
  const json = await (await page.request.get(`${e.baseUrl}${href}`)).json();
  const fromJson = json.children[0].options.map((o: { title: { nl: string } }) => o.title.nl).sort();
  assert.deepEqual(fromJson, fromPage);
  await page.context().close();
});

test('keyboard only: the wizard can be completed without a mouse', async () => {
  const page = await e.newPage();
  await page.goto(`${e.baseUrl}/`);
  await page.getByLabel('Postcode').focus();
  await page.keyboard.type('3811AB');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/wizard\/wie/);
  await page.getByLabel(/ouder of verzorger/).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/wizard\/kinderen/);
  await page.getByLabel('Kind 1: leeftijd of geboortedatum').focus();
  await page.keyboard.type('10');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/wizard\/wat/);
  // Tab from the top of the page to the submit button, as a keyboard user does.
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === 'Laat zien wat er is') break;
  }
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/wizard\/resultaat/);
  assert.ok((await optionTitles(page)).length > 3);
  await page.context().close();
});

test('Arabic: the wizard works right-to-left, accessible and at 320 px; the staff login stays Dutch', async () => {
  const page = await e.newPage({ width: 320 });
  await page.goto(`${e.baseUrl}/`);
  await page.getByRole('link', { name: 'العربية' }).click();
  await page.waitForURL(`${e.baseUrl}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await expectAccessible(page, 'step 1 (ar)');
  await page.getByLabel('الرمز البريدي').fill('3811AB');
  await page.getByRole('button', { name: 'التالي' }).click();
  await page.getByLabel('أنا أب أو أم أو مقدّم رعاية').check();
  await page.getByRole('button', { name: 'التالي' }).click();
  await page.getByLabel('الطفل 1: العمر أو تاريخ الميلاد').fill('8');
  await page.getByRole('button', { name: 'التالي' }).click();
  await page.getByRole('button', { name: 'اعرض ما هو متاح' }).click();
  await page.waitForURL(/\/wizard\/resultaat/);
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /المتاح في Amersfoort/);
  await expectAccessible(page, 'result (ar)');
  assert.ok(await fitsWidth(page), 'the Arabic result fits 320 px');
  // The skip link sits at the right edge in right-to-left.
  const box = await page.locator('main').boundingBox();
  assert.ok(box && box.x >= 0);
  await page.goto(`${e.baseUrl}/inloggen`);
  assert.equal(await page.getAttribute('html', 'lang'), 'nl', 'staff pages are offered in languages whose staff texts are complete');
  await page.context().close();
});
