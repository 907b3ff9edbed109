import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES } from '../../src/core/db/schema.ts';
import { can } from '../../src/core/auth/permissions.ts';
import { DEMO_USERS } from '../../src/features/demo/accounts.ts';
import { currentTotp } from '../../src/core/auth/totp.ts';
import { expectAccessible, fitsWidth, loginInBrowser, startE2E, type E2E } from './support.ts';

let e: E2E;
before(async () => {
  e = await startE2E();
});
after(() => e.close());

for (const role of ROLES) {
  test(`${role}: logs in with password and code, sees exactly its pages, accessible at 320 px, refused elsewhere`, async () => {
    const demo = DEMO_USERS.find((u) => u.role === role)!;
    const page = await e.newPage({ width: 320 });
    await loginInBrowser(page, e.baseUrl, demo.email, demo.totpSecret);
    assert.equal(new URL(page.url()).pathname, '/beheer');
    await expectAccessible(page, `/beheer as ${role}`);
    assert.ok(await fitsWidth(page), `/beheer as ${role} scrolls sideways`);
    // Follow every link of the staff navigation, as a person would.
    const links = await page.locator('nav[aria-label="Beheer"] a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    for (const path of links) {
      const res = await page.goto(`${e.baseUrl}${path}`);
      assert.equal(res?.status(), 200, `${role} ${path}`);
      await expectAccessible(page, `${path} as ${role}`);
      assert.ok(await fitsWidth(page), `${path} as ${role} scrolls sideways at 320 px`);
    }
    const paths = ['/beheer/organisaties', '/beheer/gemeenten', '/beheer/audit'];
    const permissions = ['platform.manage', 'platform.manage', 'audit.read'] as const;
    for (const [i, path] of paths.entries()) {
      const res = await page.goto(`${e.baseUrl}${path}`);
      assert.equal(res?.status(), can(role, permissions[i]!) ? 200 : 403, `${role} ${path}`);
      if (res?.status() === 403) assert.ok(await page.getByRole('heading', { name: 'U mag deze pagina niet bekijken' }).isVisible());
      await expectAccessible(page, `${path} as ${role}`);
    }
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL(/\/inloggen\?melding=uitgelogd/);
    await page.context().close();
  });
}

test('a coordinator invites a colleague, who sets a password and enrols a second factor in the browser', async () => {
  const coordinator = DEMO_USERS.find((u) => u.role === 'coordinator')!;
  const page = await e.newPage();
  await loginInBrowser(page, e.baseUrl, coordinator.email, coordinator.totpSecret);
  await page.getByRole('link', { name: 'Mijn organisatie' }).first().click();
  await page.getByRole('link', { name: 'Medewerker uitnodigen' }).click();
  await expectAccessible(page, 'invite form');
  await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  assert.ok(await page.getByRole('alert').isVisible(), 'error summary on an empty form');
  await expectAccessible(page, 'invite form with errors');
  await page.getByLabel('Naam').fill('Joke van Dijk');
  await page.getByLabel('E-mailadres').fill('joke@leergeld-eemland.test');
  await page.getByLabel('Rol').selectOption('case_handler');
  await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  assert.ok(await page.getByText('De uitnodiging is verstuurd.').isVisible());
  await page.context().close();

  const mail = await e.t.database.db.selectFrom('outbound_mails').select('text_body').where('to_address', '=', 'joke@leergeld-eemland.test').executeTakeFirstOrThrow();
  const link = /http:\/\/localhost:\d+\/uitnodiging\/[A-Za-z0-9_-]+/.exec(mail.text_body)![0];
  const joke = await e.newPage();
  await joke.goto(link);
  await expectAccessible(joke, 'set password');
  await joke.getByLabel('Nieuw wachtwoord', { exact: true }).fill('fietsen naar de club 2026');
  await joke.getByLabel('Herhaal het nieuwe wachtwoord').fill('fietsen naar de club 2026');
  await joke.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await joke.waitForURL(/tweestapsverificatie/);
  await expectAccessible(joke, 'enrol second factor');
  const secret = (await joke.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await joke.getByLabel('Code uit de app').fill(currentTotp(secret));
  await joke.getByRole('button', { name: 'Tweede stap aanzetten' }).click();
  assert.ok(await joke.getByRole('heading', { name: 'Uw herstelcodes' }).isVisible());
  await expectAccessible(joke, 'recovery codes');
  await joke.getByRole('link', { name: /Ik heb de codes bewaard/ }).click();
  assert.ok(await joke.getByRole('heading', { name: 'Welkom, Joke van Dijk' }).isVisible());
  await joke.context().close();
});

test('a coordinator changes a provision, previews and publishes it, and the public answer changes', async () => {
  const coordinator = DEMO_USERS.find((u) => u.role === 'coordinator')!;
  const page = await e.newPage();
  const publicAnswer = async () => {
    const res = await page.request.get(`${e.baseUrl}/api/v1/options?postcode=3811AB&age=10&theme=basic_needs`);
    const body = await res.json();
    return body.children[0].options.find((o: { title: { nl: string } }) => o.title.nl === 'Fiets')?.maxAmountCents;
  };
  assert.equal(await publicAnswer(), 35000);
  await loginInBrowser(page, e.baseUrl, coordinator.email, coordinator.totpSecret);
  await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Voorzieningen' }).click();
  await expectAccessible(page, 'catalogue list');
  await page.getByRole('link', { name: 'Fiets' }).click();
  await expectAccessible(page, 'provision detail with preview');
  await page.getByRole('link', { name: 'Wijzigen' }).click();
  await expectAccessible(page, 'provision form');
  await page.getByLabel('Hoogste bedrag per kind per periode (euro)').fill('abc');
  await page.getByRole('button', { name: 'Opslaan als concept' }).click();
  await page.locator('.kansrijk-error-summary').waitFor({ state: 'visible' });
  assert.match(await page.locator('.kansrijk-error-summary').innerText(), /Vul een bedrag in euro's in/);
  await expectAccessible(page, 'provision form with errors');
  await page.getByLabel('Hoogste bedrag per kind per periode (euro)').fill('425,50');
  await page.getByRole('button', { name: 'Opslaan als concept' }).click();
  await page.getByRole('button', { name: 'Publiceren' }).waitFor();
  assert.equal(await publicAnswer(), 35000, 'a saved draft is not public yet');
  await expectAccessible(page, 'detail with unpublished changes');
  await page.getByRole('button', { name: 'Publiceren' }).click();
  await page.getByRole('button', { name: 'Publiceren' }).waitFor({ state: 'detached' }).catch(() => {});
  await page.waitForLoadState('load');
  assert.equal(await publicAnswer(), 42550, 'the published version is what families see');
  await page.goto(`${e.baseUrl}/wizard/resultaat?postcode=3811AB&rol=ouder&kind=10&thema=basic_needs`);
  assert.ok(await page.getByText(/Tot €\s425,50/).first().isVisible());
  await page.context().close();
});
