import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conflictFor, countsAfter, periodStart, type ExistingItem } from './period.ts';
import { newReference, normaliseReference } from './reference.ts';
import { childKey, normaliseName } from './child-key.ts';
import { statusLinkToken, verifyStatusLink } from './links.ts';
import { canTransition, applicantMayWithdraw, TRANSITIONS } from './status.ts';
import { parseBirthDate } from './steps.ts';
import { isValidIban, formatIban } from '../../core/validation/iban.ts';
import { isValidBsn } from '../../core/validation/bsn.ts';
import { uuidv7 } from '../../core/ids.ts';
import type { ProvisionRules } from '../catalogue/rules.ts';
import { DEMO_CATALOGUE } from '../demo/catalogue.ts';

const rulesOf = (title: string): ProvisionRules => DEMO_CATALOGUE.find((p) => p.rules.title.nl === title)!.rules;
const item = (over: Partial<ExistingItem>): ExistingItem => ({ provisionId: 'p1', organisationId: 'o1', status: 'received', periodStart: '2026-01-01', exclusiveGroup: null, ...over });

test('periods: calendar year, school year from 1 August, rolling 12 months, once per N years', () => {
  const box = rulesOf('Verjaardagsbox'); // calendar year
  assert.equal(periodStart(box, '2026-11-25'), '2026-01-01');
  assert.equal(countsAfter(box, '2026-11-25'), '2025-12-31');
  const school = rulesOf('Schoolkostenregeling Amersfoort'); // school year
  assert.equal(periodStart(school, '2026-11-25'), '2026-08-01');
  assert.equal(periodStart(school, '2026-03-01'), '2025-08-01');
  const sport = rulesOf('Lid worden van een sportclub'); // rolling 12 months
  assert.equal(periodStart(sport, '2026-11-25'), '2026-11-25');
  assert.equal(countsAfter(sport, '2026-11-25'), '2025-11-25');
  assert.equal(countsAfter(sport, '2028-02-29'), '2027-02-28', 'a leap day a year back is 28 February');
  const laptop = rulesOf('Laptop voor school'); // once per 5 years
  assert.equal(countsAfter(laptop, '2026-11-25'), '2021-11-25');
});

test('a second request in the same period is a duplicate; rejected and withdrawn ones do not count', () => {
  const box = { provisionId: 'p1', organisationId: 'o1', rules: rulesOf('Verjaardagsbox') };
  assert.equal(conflictFor([], box, '2026-11-25'), null);
  assert.deepEqual(conflictFor([item({ periodStart: '2026-01-01' })], box, '2026-11-25'), { code: 'duplicate' });
  assert.equal(conflictFor([item({ periodStart: '2025-01-01' })], box, '2026-11-25'), null, 'last year\'s box does not count');
  assert.equal(conflictFor([item({ status: 'rejected' })], box, '2026-11-25'), null);
  assert.equal(conflictFor([item({ status: 'withdrawn' })], box, '2026-11-25'), null);
  assert.deepEqual(conflictFor([item({ status: 'delivered' })], box, '2026-11-25'), { code: 'duplicate' }, 'delivered counts as granted');
  const laptop = { provisionId: 'p1', organisationId: 'o1', rules: rulesOf('Laptop voor school') };
  assert.deepEqual(conflictFor([item({ periodStart: '2023-05-01', status: 'granted' })], laptop, '2026-11-25'), { code: 'duplicate' }, 'a laptop once per 5 years');
  assert.equal(conflictFor([item({ periodStart: '2021-05-01', status: 'granted' })], laptop, '2026-11-25'), null);
});

test('"at most 3 requests a year" allows three, and "sport or culture, not both" refuses the other one', () => {
  const amsterdam = { provisionId: 'p1', organisationId: 'o1', rules: rulesOf('Sporten bij een club') };
  const two = [item({ periodStart: '2026-02-01' }), item({ periodStart: '2026-06-01' })];
  assert.equal(conflictFor(two, amsterdam, '2026-11-25'), null);
  assert.deepEqual(conflictFor([...two, item({ periodStart: '2026-09-01' })], amsterdam, '2026-11-25'), { code: 'duplicate' });
  const culture = { provisionId: 'culture', organisationId: 'jfsc', rules: rulesOf('Muziekles, dans, theater of tekenles') };
  const sport = item({ provisionId: 'sport', organisationId: 'jfsc', exclusiveGroup: 'sport_of_cultuur', periodStart: '2026-03-01' });
  assert.deepEqual(conflictFor([sport], culture, '2026-11-25'), { code: 'exclusive', otherProvisionId: 'sport' });
  assert.equal(conflictFor([{ ...sport, organisationId: 'other-fund' }], culture, '2026-11-25'), null, 'the group is per organisation');
  assert.equal(conflictFor([{ ...sport, periodStart: '2025-06-01' }], culture, '2026-11-25'), null, 'more than 12 months ago');
});

test('references: readable, not guessable, read back however typed', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const r = newReference();
    assert.match(r, /^KR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    seen.add(r);
  }
  assert.equal(seen.size, 2000);
  assert.equal(normaliseReference('kr 7f3k 9qxm'), 'KR-7F3K-9QXM');
  assert.equal(normaliseReference('KR7F3K9QXM'), 'KR-7F3K-9QXM');
  assert.equal(normaliseReference('KR-7F3K-9QXO'), 'KR-7F3K-9QX0', 'O is read as zero');
  assert.equal(normaliseReference('KR-7F3K'), null);
  assert.equal(normaliseReference('<script>'), null);
  assert.equal(normaliseReference(42), null);
});

test('the child key is the same however the name is written, and differs per secret', () => {
  const a = childKey('secret-one-secret-one-secret-one-!!', { firstName: 'Émile-Jean', lastName: "van 't Hof", birthDate: '2016-04-01' });
  const b = childKey('secret-one-secret-one-secret-one-!!', { firstName: ' emile jean ', lastName: 'VAN T HOF', birthDate: '2016-04-01' });
  const c = childKey('secret-two-secret-two-secret-two-!!', { firstName: 'Émile-Jean', lastName: "van 't Hof", birthDate: '2016-04-01' });
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.match(a, /^v1:[0-9a-f]{64}$/);
  assert.equal(normaliseName('Şükrü Öztürk'), 'sukruozturk');
  assert.equal(normaliseName('محمد'), 'محمد', 'non-Latin names keep their letters');
});

test('signed status links: valid until they expire, and tampering is refused', () => {
  const secret = 'status-link-secret-status-link-secret';
  const now = Date.UTC(2026, 10, 25);
  const token = statusLinkToken(secret, 'KR-7F3K-9QXM', now);
  assert.deepEqual(verifyStatusLink(secret, token, now + 1000), { ok: true, reference: 'KR-7F3K-9QXM' });
  assert.deepEqual(verifyStatusLink(secret, token, now + 31 * 24 * 3600 * 1000), { ok: false, reason: 'expired', reference: 'KR-7F3K-9QXM' });
  const [ref, exp, sig] = token.split('.');
  assert.equal(verifyStatusLink(secret, `${ref}.${Number(exp) + 3600}.${sig}`, now).ok, false, 'a later expiry is not signed');
  assert.equal(verifyStatusLink(secret, `KR7F3K9QXN.${exp}.${sig}`, now).ok, false, 'another reference is not signed');
  assert.equal(verifyStatusLink('another-secret-another-secret-another', token, now).ok, false);
  assert.equal(verifyStatusLink(secret, 'garbage', now).ok, false);
  assert.equal(verifyStatusLink(secret, undefined, now).ok, false);
});

test('item statuses: only lawful transitions; the applicant may withdraw until a decision', () => {
  assert.ok(canTransition('received', 'in_progress'));
  assert.ok(canTransition('granted', 'delivered'));
  assert.ok(!canTransition('rejected', 'granted'));
  assert.ok(!canTransition('delivered', 'withdrawn'));
  assert.ok(!canTransition('withdrawn', 'received'));
  assert.ok(applicantMayWithdraw('received'));
  assert.ok(applicantMayWithdraw('information_requested'));
  assert.ok(!applicantMayWithdraw('granted'));
  assert.ok(!applicantMayWithdraw('rejected'));
  for (const [from, targets] of Object.entries(TRANSITIONS)) for (const to of targets) assert.notEqual(from, to, 'no transition to itself');
});

test('birth dates as people type them; impossible, future and implausibly old ones refused', () => {
  assert.deepEqual(parseBirthDate('15-03-2018', '2026-11-25'), { date: '2018-03-15' });
  assert.deepEqual(parseBirthDate('5/3/2018', '2026-11-25'), { date: '2018-03-05' });
  assert.deepEqual(parseBirthDate('2018-03-15', '2026-11-25'), { date: '2018-03-15' });
  assert.deepEqual(parseBirthDate('29-02-2019', '2026-11-25'), { error: 'applications.children.birthDateInvalid' });
  assert.deepEqual(parseBirthDate('01-01-2027', '2026-11-25'), { error: 'applications.children.birthDateFuture' });
  assert.deepEqual(parseBirthDate('01-01-1990', '2026-11-25'), { error: 'applications.children.birthDateOld' });
  assert.deepEqual(parseBirthDate('', '2026-11-25'), { error: 'applications.children.birthDateRequired' });
});

test('IBAN by its mod-97 check digits, BSN by the elfproef, UUIDs ordered in time', () => {
  assert.ok(isValidIban('NL91ABNA0417164300'));
  assert.ok(isValidIban('nl91 abna 0417 1643 00'));
  assert.ok(!isValidIban('NL91ABNA0417164301'), 'one digit off');
  assert.ok(!isValidIban('NL91ABNA041716430'), 'too short for NL');
  assert.ok(isValidIban('BE68539007547034'));
  assert.equal(formatIban('nl91abna0417164300'), 'NL91 ABNA 0417 1643 00');
  assert.ok(isValidBsn('111222333'));
  assert.ok(!isValidBsn('111222334'));
  assert.ok(!isValidBsn('12345678'));
  const [a, b] = [uuidv7(1_700_000_000_000), uuidv7(1_700_000_000_001)];
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(a < b);
});
