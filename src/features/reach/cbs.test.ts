import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { parseNumber, parseTargetGroupCsv } from './cbs.ts';

const municipalities = [
  { code: 'GM0307', name: 'Amersfoort', common_name: 'Amersfoort' },
  { code: 'GM0327', name: 'Leusden', common_name: 'Leusden' },
  { code: 'GM0342', name: 'Soest', common_name: 'Soest' },
  { code: 'GM0344', name: 'Utrecht', common_name: 'Utrecht' },
  { code: 'GM0363', name: 'Amsterdam', common_name: 'Amsterdam' },
  { code: 'GM0308', name: 'Baarn', common_name: 'Baarn' },
  { code: 'GM1900', name: 'Súdwest-Fryslân', common_name: 'Súdwest-Fryslân' },
];

test('the StatLine table export: title lines, names, Dutch numbers, CBS symbols, bad rows by line number', () => {
  const parsed = parseTargetGroupCsv(fs.readFileSync(new URL('./fixtures/85678NED-statline.csv', import.meta.url)), municipalities);
  assert.deepEqual(
    parsed.rows.map((r) => [r.code, r.year, r.children, r.line]),
    [
      ['GM0307', 2022, 3950, 7],
      ['GM0307', 2023, 4010, 8],
      ['GM0327', 2022, 410, 9],
      ['GM0344', 2022, 9812, 11],
      ['GM0363', 2022, 33500, 16],
    ],
  );
  assert.deepEqual(parsed.problems, [
    { line: 10, message: 'reach.import.errors.number' },
    { line: 12, message: 'reach.import.errors.unknownMunicipality' },
    { line: 14, message: 'reach.import.errors.period' },
    { line: 15, message: 'reach.import.errors.duplicate' },
    { line: 17, message: 'reach.import.errors.secret' },
  ]);
  assert.equal(parsed.skipped, 2, 'the Netherlands and the province');
  assert.match(parsed.column!, /minderjarige kinderen/);
});

test('the typed data set of CBS open data: codes, JJ00 periods, thousands, BOM and CRLF', () => {
  const text = '\ufeffID;RegioS;Perioden;MinderjarigeKinderenInHuishoudensMetLaagInkomen_1 (x 1 000);Huishoudens_2\r\n0;NL01      ;2021JJ00;215.3;100\r\n1;GM0307    ;2021JJ00;3.9;10\r\n2;GM0363    ;2021JJ00;33.5;10\r\n3;GM9999    ;2021JJ00;1.0;1\r\n';
  const parsed = parseTargetGroupCsv(text, municipalities);
  assert.deepEqual(parsed.rows.map((r) => [r.code, r.year, r.children]), [['GM0307', 2021, 3900], ['GM0363', 2021, 33500]]);
  assert.deepEqual(parsed.problems, [{ line: 5, message: 'reach.import.errors.unknownMunicipality' }]);
  assert.equal(parsed.skipped, 1);
});

test('Windows-1252 and comma separators; a file without the columns is refused with a clear message', () => {
  const cp1252 = Buffer.from('Regio\'s,Perioden,Minderjarige kinderen (aantal)\r\nS\xfadwest-Frysl\xe2n,2022,"1.234"\r\n', 'latin1');
  const parsed = parseTargetGroupCsv(cp1252, municipalities);
  assert.deepEqual(parsed.rows.map((r) => [r.code, r.children]), [['GM1900', 1234]]);
  assert.deepEqual(parseTargetGroupCsv('a;b;c\n1;2;3\n', municipalities).problems, [{ line: 1, message: 'reach.import.errors.noHeader' }]);
  assert.deepEqual(parseTargetGroupCsv("Regio's;Perioden;Huishoudens\nAmersfoort;2022;5\n", municipalities).problems, [{ line: 1, message: 'reach.import.errors.noColumn' }]);
});

test('numbers as CBS writes them', () => {
  assert.equal(parseNumber('1.234', false), 1234);
  assert.equal(parseNumber('12,5', false), 12.5);
  assert.equal(parseNumber('1 234', false), 1234);
  assert.equal(parseNumber('-', false), 0);
  assert.equal(parseNumber('.', false), null);
  assert.equal(parseNumber('x', false), 'secret');
  assert.equal(parseNumber('12.5', true), 12.5);
  assert.equal(parseNumber('abc', false), null);
});
