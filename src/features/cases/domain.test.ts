import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TRANSITIONS, canTransition } from '../applications/status.ts';
import { ITEM_STATUSES } from '../../core/db/schema.ts';
import { maxGrantCents, parseDecision, reasonsOf, type DecisionContext } from './decide.ts';
import { parseDelivery } from './delivery.ts';
import { amsterdamInstant, parseDay, parseTime } from './dates.ts';
import { itemsAfterVisit, itemsForVisit, parseVisitOutcome, parseVisitPlan } from './visits.ts';
import { consentCovers, referredData, shownCount } from './referral-rules.ts';
import { decodeCursor, encodeCursor, filterParams, parseQueueFilter } from './queue-filter.ts';
import { applicableLines, parseBudgetLine, remainingCents } from '../budgets/rules.ts';
import { csv, csvAmount, csvField } from '../budgets/csv.ts';
import { REJECTION_REASONS } from './reasons.ts';

/** The back office's rules as plain functions: no database, no request. */
const money = (c: number) => `€${c / 100}`;
const ctx = (over: Partial<DecisionContext> = {}): DecisionContext => ({ requestedCents: 18000, maxCents: 22500, remainingCents: null, mayOverride: false, reasons: [...REJECTION_REASONS], money, ...over });

test('the status machine refuses what the back office must never do', () => {
  assert.equal(canTransition('received', 'delivered'), false, 'nothing is delivered before it is granted');
  assert.equal(canTransition('granted', 'rejected'), false, 'a grant is not taken back by rejecting');
  assert.equal(canTransition('delivered', 'in_progress'), false, 'delivered is final');
  assert.equal(canTransition('visit_planned', 'in_progress'), true);
  for (const s of ITEM_STATUSES) assert.ok(Array.isArray(TRANSITIONS[s]), s);
});

test('the maximum for a child: the age band or the maximum, plus the extras', () => {
  const limits = { maxAmount: 22500, amountsByAge: [], extras: [{ label: { nl: 'Kleding', en: 'Clothing' }, maxAmount: 10000 }], period: 'calendar_year' as const, periodYears: null, maxRequestsPerPeriod: null };
  assert.equal(maxGrantCents({ limits }, 9), 32500);
  const bands = { ...limits, maxAmount: null, extras: [], amountsByAge: [{ minAge: 4, maxAge: 11, amount: 27500 }, { minAge: 12, maxAge: 18, amount: 79000 }] };
  assert.equal(maxGrantCents({ limits: bands }, 11), 27500);
  assert.equal(maxGrantCents({ limits: bands }, 12), 79000);
  assert.equal(maxGrantCents({ limits: { ...bands, amountsByAge: [] } }, 12), null, 'no maximum at all');
});

test('a grant up to the maximum; above it only a coordinator, after confirming', () => {
  const ok = parseDecision({ besluit: 'grant', bedrag: '180' }, ctx());
  assert.deepEqual(ok, { ok: true, decision: { kind: 'grant', amountCents: 18000, partial: false, note: null, aboveMaximum: false, overBudget: false } });
  const handler = parseDecision({ besluit: 'grant', bedrag: '250' }, ctx({ requestedCents: 25000 }));
  assert.equal(handler.ok, false);
  assert.equal(!handler.ok && handler.errors.bedrag?.key, 'cases.decide.errors.aboveMaximum');
  assert.deepEqual(!handler.ok && handler.errors.bedrag?.vars, { max: '€225' });
  const unconfirmed = parseDecision({ besluit: 'grant', bedrag: '250' }, ctx({ requestedCents: 25000, mayOverride: true }));
  assert.equal(!unconfirmed.ok && unconfirmed.errors.boven_maximum?.key, 'cases.decide.errors.confirmAboveMaximum');
  const confirmed = parseDecision({ besluit: 'grant', bedrag: '250', boven_maximum: 'ja' }, ctx({ requestedCents: 25000, mayOverride: true }));
  assert.ok(confirmed.ok && confirmed.decision.kind === 'grant' && confirmed.decision.aboveMaximum);
});

test('a grant beyond the remaining budget warns and needs a coordinator', () => {
  const handler = parseDecision({ besluit: 'grant', bedrag: '180' }, ctx({ remainingCents: 10000 }));
  assert.equal(!handler.ok && handler.errors.bedrag?.key, 'cases.decide.errors.overBudget');
  const coordinator = parseDecision({ besluit: 'grant', bedrag: '180' }, ctx({ remainingCents: 10000, mayOverride: true }));
  assert.equal(!coordinator.ok && coordinator.errors.boven_budget?.key, 'cases.decide.errors.confirmOverBudget');
  const confirmed = parseDecision({ besluit: 'grant', bedrag: '180', boven_budget: 'ja' }, ctx({ remainingCents: 10000, mayOverride: true }));
  assert.ok(confirmed.ok && confirmed.decision.kind === 'grant' && confirmed.decision.overBudget);
  assert.ok(parseDecision({ besluit: 'grant', bedrag: '100' }, ctx({ remainingCents: 10000, requestedCents: 10000 })).ok, 'exactly what is left is fine');
});

test('a partial grant is less than asked and explains itself to the family', () => {
  const silent = parseDecision({ besluit: 'partly', bedrag: '120' }, ctx());
  assert.equal(!silent.ok && silent.errors.toelichting?.key, 'cases.decide.errors.partlyNeedsNote');
  const notLess = parseDecision({ besluit: 'partly', bedrag: '180', toelichting: 'x' }, ctx());
  assert.equal(!notLess.ok && notLess.errors.bedrag?.key, 'cases.decide.errors.partlyNotLess');
  const lessAsGrant = parseDecision({ besluit: 'grant', bedrag: '100' }, ctx());
  assert.equal(!lessAsGrant.ok && lessAsGrant.errors.toelichting?.key, 'cases.decide.errors.partlyNeedsNote', 'granting less than asked is a partial grant, whatever was ticked');
  const good = parseDecision({ besluit: 'partly', bedrag: '120,50', toelichting: '  Alleen de contributie.  ' }, ctx());
  assert.deepEqual(good, { ok: true, decision: { kind: 'grant', amountCents: 12050, partial: true, note: 'Alleen de contributie.', aboveMaximum: false, overBudget: false } });
});

test('a rejection takes a reason from the organisation\'s list; "another reason" needs words', () => {
  const reasons = reasonsOf(['income_above_norm']);
  assert.deepEqual(reasons, ['income_above_norm', 'other'], 'the other reason is always there');
  assert.deepEqual(reasonsOf(null), [...REJECTION_REASONS]);
  const notOffered = parseDecision({ besluit: 'reject', reden: 'budget_exhausted' }, ctx({ reasons }));
  assert.equal(!notOffered.ok && notOffered.errors.reden?.key, 'cases.decide.errors.reasonRequired');
  const other = parseDecision({ besluit: 'reject', reden: 'other' }, ctx({ reasons }));
  assert.equal(!other.ok && other.errors.toelichting?.key, 'cases.decide.errors.otherNeedsNote');
  assert.deepEqual(parseDecision({ besluit: 'reject', reden: 'income_above_norm' }, ctx({ reasons })), { ok: true, decision: { kind: 'reject', reason: 'income_above_norm', note: null } });
  for (const bad of [{}, { besluit: 'maybe' }, { besluit: ['grant'] }, { besluit: 'grant', bedrag: 'veel' }, { besluit: 'grant', bedrag: '0' }, { besluit: 'grant', bedrag: '99999999' }]) {
    assert.equal(parseDecision(bad as never, ctx()).ok, false, JSON.stringify(bad));
  }
});

test('a payment goes to a valid IBAN (mod-97), never more than granted, dated sensibly', () => {
  const body = { soort: 'payment', ontvanger: 'VV Amersfoort', iban: 'nl91 abna 0417 1643 00', bedrag: '180', datum: '2026-12-01', kenmerk: 'KR-7F3K-9QXM' };
  const ok = parseDelivery(body, 18000, '2026-12-01', money);
  assert.deepEqual(ok, { ok: true, delivery: { kind: 'payment', payeeName: 'VV Amersfoort', iban: 'NL91ABNA0417164300', amountCents: 18000, paidOn: '2026-12-01', reference: 'KR-7F3K-9QXM', description: null } });
  const badIban = parseDelivery({ ...body, iban: 'NL91ABNA0417164301' }, 18000, '2026-12-01', money);
  assert.equal(!badIban.ok && badIban.errors.iban?.key, 'cases.delivery.errors.ibanInvalid');
  const tooMuch = parseDelivery({ ...body, bedrag: '180,01' }, 18000, '2026-12-01', money);
  assert.deepEqual(!tooMuch.ok && tooMuch.errors.bedrag, { key: 'cases.delivery.errors.aboveGranted', vars: { granted: '€180' } });
  const dutchDate = parseDelivery({ ...body, datum: '1-12-2026' }, 18000, '2026-12-01', money);
  assert.ok(dutchDate.ok && dutchDate.delivery.paidOn === '2026-12-01');
  assert.equal(parseDelivery({ ...body, datum: '31-02-2026' }, 18000, '2026-12-01', money).ok, false);
  assert.equal(parseDelivery({ ...body, datum: '2029-01-01' }, 18000, '2026-12-01', money).ok, false);
  const goods = parseDelivery({ soort: 'goods', ontvanger: 'Fietsenwinkel Jansen', bedrag: '0', datum: '2026-12-01', omschrijving: 'Fiets 26 inch' }, 35000, '2026-12-01', money);
  assert.ok(goods.ok && goods.delivery.iban === null && goods.delivery.amountCents === 0);
  const goodsIban = parseDelivery({ soort: 'goods', ontvanger: 'X', iban: 'NL91ABNA0417164300', bedrag: '1', datum: '2026-12-01', omschrijving: 'y' }, 35000, '2026-12-01', money);
  assert.equal(!goodsIban.ok && goodsIban.errors.iban?.key, 'cases.delivery.errors.ibanNotForGoods');
  assert.equal(parseDelivery({}, 100, '2026-12-01', money).ok, false);
});

test('dates and times as staff type them; visits in Amsterdam time, summer and winter', () => {
  assert.equal(parseDay('3-12-2026'), '2026-12-03');
  assert.equal(parseDay('2026-02-29'), null);
  assert.deepEqual(parseTime('9.05'), [9, 5]);
  assert.equal(parseTime('24:00'), null);
  assert.equal(amsterdamInstant('2026-12-03', [14, 30]).toISOString(), '2026-12-03T13:30:00.000Z');
  assert.equal(amsterdamInstant('2026-07-03', [14, 30]).toISOString(), '2026-07-03T12:30:00.000Z');
  assert.equal(amsterdamInstant('2026-03-29', [12, 0]).toISOString(), '2026-03-29T10:00:00.000Z', 'the day summer time starts');
});

test('a visit is planned from today, with someone of the organisation; items wait for it and come back after', () => {
  const v = ['00000000-0000-4000-8000-000000000001'];
  const plan = parseVisitPlan({ soort: 'house_visit', datum: '2026-12-03', tijd: '10:30', vrijwilliger: v[0] }, { volunteers: v, today: '2026-12-01' });
  assert.ok(plan.ok && plan.plan.plannedAt.toISOString() === '2026-12-03T09:30:00.000Z');
  const past = parseVisitPlan({ soort: 'house_visit', datum: '2026-11-30', tijd: '10:30', vrijwilliger: v[0] }, { volunteers: v, today: '2026-12-01' });
  assert.equal(!past.ok && past.errors.datum?.key, 'cases.visit.errors.dateRange');
  const stranger = parseVisitPlan({ soort: 'office', datum: '2026-12-03', tijd: '10:30', vrijwilliger: '00000000-0000-4000-8000-000000000009' }, { volunteers: v, today: '2026-12-01' });
  assert.equal(!stranger.ok && stranger.errors.vrijwilliger?.key, 'cases.visit.errors.volunteerRequired');
  const items = [{ id: 'a', status: 'received' as const }, { id: 'b', status: 'granted' as const }, { id: 'c', status: 'visit_planned' as const }, { id: 'd', status: 'rejected' as const }];
  assert.deepEqual(itemsForVisit(items), ['a']);
  assert.deepEqual(itemsAfterVisit(items), ['c']);
  assert.equal(parseVisitOutcome({ resultaat: 'done', verslag: '  ' }).ok, false);
  assert.deepEqual(parseVisitOutcome({ resultaat: 'cancelled', verslag: 'Niet thuis.\r\nNieuwe afspraak volgt.' }), { ok: true, status: 'cancelled', outcome: 'Niet thuis.\nNieuwe afspraak volgt.' });
});

test('a referral needs consent unless an earlier one covers every field; the receiver gets only what it needs', () => {
  assert.equal(consentCovers([{ fields: ['child_name', 'birth_date', 'address', 'income'] }], ['child_name', 'birth_date', 'address']), true);
  assert.equal(consentCovers([{ fields: ['child_name', 'birth_date'] }], ['child_name', 'birth_date', 'address']), false);
  assert.equal(consentCovers([], []), false, 'no consent at all: always ask');
  assert.equal(consentCovers([{ fields: 'nonsense' }], ['address']), false);
  const data = referredData(
    { address: { postcode: '3811 AB' }, household: { adults: 1 }, income: { monthlyNetCents: 1 }, child: { firstName: 'Sara', lastName: 'Jansen', birthDate: '2017-05-01', fields: { school: 'De Regenboog', bsn: '123' } } },
    ['child_name', 'birth_date', 'address', 'school', 'clothing_size', 'club'],
  );
  assert.deepEqual(data, {
    address: { postcode: '3811 AB' },
    household: null,
    income: null,
    child: { firstName: 'Sara', lastName: 'Jansen', birthDate: '2017-05-01', fields: { school: 'De Regenboog' } },
    missing: ['clothing_size', 'club'],
  });
  assert.deepEqual(shownCount(3), null);
  assert.deepEqual([shownCount(0), shownCount(5)], [0, 5]);
});

test('the queue filter reads what it can and ignores the rest; the cursor round-trips', () => {
  const cursor = encodeCursor({ key: '2026-12-01T10:00:00.000Z', id: '01a14353-8b87-71c8-8729-51e67371f1be' });
  assert.deepEqual(decodeCursor(cursor), { key: '2026-12-01T10:00:00.000Z', id: '01a14353-8b87-71c8-8729-51e67371f1be' });
  for (const bad of ['', 'x', Buffer.from("2026|'; drop").toString('base64url'), 'a'.repeat(500), 42]) assert.equal(decodeCursor(bad), null);
  const f = parseQueueFilter({ status: 'granted', gemeente: 'GM0307', thema: 'sport', behandelaar: 'ik', 'te-laat': '1', zoek: ' kr 7f3k 9qxm ', volgorde: 'nieuw', na: cursor });
  assert.deepEqual(f.search, { reference: 'KR-7F3K-9QXM' });
  assert.equal(f.assignee, 'me');
  assert.equal(filterParams(f).toString(), 'status=granted&gemeente=GM0307&thema=sport&behandelaar=ik&te-laat=1&zoek=kr+7f3k+9qxm&volgorde=nieuw');
  const junk = parseQueueFilter({ status: 'drop', gemeente: "GM0307'", thema: ['x'], behandelaar: '1; --', zoek: 'a', volgorde: 7 });
  assert.deepEqual([junk.state, junk.municipality, junk.theme, junk.assignee, junk.search, junk.order], ['open', null, null, null, null, 'termijn']);
  assert.deepEqual(parseQueueFilter({ zoek: 'Jansen' }).search, { name: 'Jansen' });
  assert.deepEqual(parseQueueFilter({ zoek: 'Yara Kaya' }).search, { reference: 'KR-YARA-KAYA', name: 'Yara Kaya' }, 'eight letters may be a name or a reference');
  assert.deepEqual(parseQueueFilter({ zoek: '7f3k9qxm' }).search, { reference: 'KR-7F3K-9QXM' });
});

test('budget lines: the most specific line first, what is left, and the form', () => {
  const lines = [
    { id: 'a', year: 2026, municipalityCode: null, funder: null },
    { id: 'b', year: 2026, municipalityCode: 'GM0307', funder: 'Gemeente Amersfoort' },
    { id: 'c', year: 2026, municipalityCode: 'GM0327', funder: null },
    { id: 'd', year: 2025, municipalityCode: null, funder: null },
  ];
  assert.deepEqual(applicableLines(lines, 2026, 'GM0307').map((l) => l.id), ['b', 'a']);
  assert.deepEqual(applicableLines(lines, 2026, 'GM0342').map((l) => l.id), ['a']);
  assert.equal(remainingCents({ allocatedCents: 100000, committedCents: 30000, paidCents: 50000 }), 20000);
  const parsed = parseBudgetLine({ jaar: '2026', gemeente: 'GM0307', financier: ' Gemeente Amersfoort ', bedrag: '25.000' }, { municipalities: ['GM0307'], thisYear: 2026 });
  assert.deepEqual(parsed, { ok: true, line: { year: 2026, municipalityCode: 'GM0307', funder: 'Gemeente Amersfoort', allocatedCents: 2_500_000 } });
  const bad = parseBudgetLine({ jaar: '1999', gemeente: 'GM0363', bedrag: 'veel' }, { municipalities: ['GM0307'], thisYear: 2026 });
  assert.deepEqual(!bad.ok && Object.keys(bad.errors).sort(), ['bedrag', 'gemeente', 'jaar']);
});

test('CSV for Dutch spreadsheets: quoted, semicolons, no formulas', () => {
  assert.equal(csvField('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  assert.equal(csvField('@SUM(A1)'), '"\'@SUM(A1)"');
  assert.equal(csvField(null), '""');
  assert.equal(csvAmount(18050), '180,50');
  assert.equal(csvAmount(5), '0,05');
  assert.equal(csv([['a', 'b'], ['c;d', 'e\nf']]), '\uFEFF"a";"b"\r\n"c;d";"e\nf"\r\n');
});
