import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Client, createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createApplication } from '../../../test/support/applications.ts';
import { openStatus, postMultipart, type Part } from '../../../test/support/status.ts';
import { MAX_UPLOAD_BYTES, contentDisposition, safeFileName, sniffType } from './uploads.ts';

/** Documents sent from the status page: type by content, size limits, CSRF before storage, downloads of one's own only. */
let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(2000), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(500)]);

let born = 0;
async function applicant() {
  const birthDate = new Date(Date.UTC(2014, 0, 1) + born++ * 86_400_000).toISOString().slice(0, 10);
  const { applicationId, reference } = await createApplication(t, { children: [{ firstName: 'Sem', lastName: 'de Boer', birthDate, provisions: ['Schoolreis en excursies'] }] });
  const { id: caseId } = await t.database.db.selectFrom('cases').select('id').where('application_id', '=', applicationId).executeTakeFirstOrThrow();
  const client = new Client(t.app);
  await openStatus(t, client, reference);
  return { client, reference, caseId };
}

function form(client: Client, caseId: string, file: { filename: string; type: string; content: Buffer } | null, csrf: string | null = client.csrf): Part[] {
  const parts: Part[] = [];
  if (csrf !== null) parts.push({ name: '_csrf', value: csrf });
  parts.push({ name: 'zaak', value: caseId });
  if (file) parts.push({ name: 'bestand', ...file });
  return parts;
}

const documents = (caseId: string) => t.database.db.selectFrom('case_documents').select(['id', 'file_name', 'content_type', 'size_bytes', 'sha256']).where('case_id', '=', caseId).execute();

test('the type is read from the content: signatures, names and the download header', () => {
  assert.equal(sniffType(PDF), 'application/pdf');
  assert.equal(sniffType(PNG), 'image/png');
  assert.equal(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0])), 'image/jpeg');
  assert.equal(sniffType(Buffer.from('%PDF')), null, 'too short for the signature');
  assert.equal(sniffType(Buffer.from('<html><script>')), null);
  assert.equal(safeFileName('C:\\Users\\fatima\\scan van brief.pdf', 'image/png'), 'scan van brief.png');
  assert.equal(safeFileName('../../etc/passwd', 'application/pdf'), 'passwd.pdf');
  assert.equal(safeFileName('a"b;\r\nc<d>.pdf', 'application/pdf'), 'abcd.pdf');
  assert.equal(safeFileName('.pdf', 'application/pdf'), 'document.pdf');
  assert.equal(contentDisposition('loonstrook één.pdf'), `attachment; filename="loonstrook __n.pdf"; filename*=UTF-8''loonstrook%20%C3%A9%C3%A9n.pdf`);
});

test('a PDF is stored with its checksum and a timeline entry, listed, and downloads as an attachment', async () => {
  const { client, reference, caseId } = await applicant();
  const res = await postMultipart(t, client, `/aanvraag/${reference}/document`, form(client, caseId, { filename: 'loonstrook.pdf', type: 'application/pdf', content: PDF }));
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/aanvraag/${reference}?melding=document-ontvangen`);
  const [doc] = await documents(caseId);
  assert.ok(doc);
  assert.equal(doc.file_name, 'loonstrook.pdf');
  assert.equal(doc.content_type, 'application/pdf');
  assert.equal(doc.size_bytes, PDF.length);
  assert.equal(doc.sha256, crypto.createHash('sha256').update(PDF).digest('hex'));
  const events = await t.database.db.selectFrom('case_events').select('kind').where('case_id', '=', caseId).where('kind', '=', 'document_uploaded').execute();
  assert.equal(events.length, 1);

  const page = await client.get(String(res.headers.location));
  assert.match(page.body, /Uw document is ontvangen/);
  assert.match(page.body, new RegExp(`href="/aanvraag/${reference}/document/${doc.id}">loonstrook.pdf</a>`));
  assert.match(page.body, /Document toegevoegd: loonstrook\.pdf/);
  const download = await client.get(`/aanvraag/${reference}/document/${doc.id}`);
  assert.equal(download.statusCode, 200);
  assert.equal(download.headers['content-type'], 'application/pdf');
  assert.equal(download.headers['content-disposition'], 'attachment; filename="loonstrook.pdf"; filename*=UTF-8\'\'loonstrook.pdf');
  assert.equal(download.headers['x-content-type-options'], 'nosniff');
  assert.ok(download.rawPayload.equals(PDF), 'the same bytes back');
});

test('a PNG named .pdf is stored as a PNG; a text file named .pdf, an empty file and no file are refused next to the field', async () => {
  const { client, reference, caseId } = await applicant();
  const png = await postMultipart(t, client, `/aanvraag/${reference}/document`, form(client, caseId, { filename: 'scan.pdf', type: 'application/pdf', content: PNG }));
  assert.equal(png.statusCode, 303);
  const [stored] = await documents(caseId);
  assert.equal(stored!.content_type, 'image/png');
  assert.equal(stored!.file_name, 'scan.png');

  const text = await postMultipart(t, client, `/aanvraag/${reference}/document`, form(client, caseId, { filename: 'brief.pdf', type: 'application/pdf', content: Buffer.from('Dit is geen PDF maar tekst.') }));
  assert.equal(text.statusCode, 415);
  assert.match(text.body, /Dit bestand kunnen wij niet aannemen\. Stuur een PDF, JPG of PNG\./);
  assert.match(text.body, new RegExp(`id="field-bestand-${caseId}-error"`), 'next to the file field');
  assert.match(text.body, new RegExp(`href="#field-bestand-${caseId}"`), 'and in the summary');
  const empty = await postMultipart(t, client, `/aanvraag/${reference}/document`, form(client, caseId, { filename: 'leeg.pdf', type: 'application/pdf', content: Buffer.alloc(0) }));
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Dit bestand is leeg/);
  const none = await postMultipart(t, client, `/aanvraag/${reference}/document`, form(client, caseId, { filename: '', type: 'application/octet-stream', content: Buffer.alloc(0) }));
  assert.equal(none.statusCode, 400);
  assert.match(none.body, /Kies een bestand\./);
  const twoFiles = await postMultipart(t, client, `/aanvraag/${reference}/document`, [...form(client, caseId, { filename: 'a.pdf', type: 'application/pdf', content: PDF }), { name: 'bestand', filename: 'b.pdf', type: 'application/pdf', content: PDF }]);
  assert.equal(twoFiles.statusCode, 400);
  assert.match(twoFiles.body, /Stuur één bestand tegelijk/);
  assert.equal((await documents(caseId)).length, 1, 'only the PNG');
});

test('10 MB is accepted past the app-wide 1 MB body limit; 10 MB and one byte is refused with a message, never a 500', async () => {
  const { client, reference, caseId } = await applicant();
  const exact = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(MAX_UPLOAD_BYTES - 9, 0x20)]);
  const ok = await postMultipart(t, client, `/aanvraag/${reference}/document`, form(client, caseId, { filename: 'groot.pdf', type: 'application/pdf', content: exact }));
  assert.equal(ok.statusCode, 303);
  assert.equal((await documents(caseId))[0]!.size_bytes, MAX_UPLOAD_BYTES);

  const over = Buffer.concat([exact, Buffer.from(' ')]);
  const refused = await postMultipart(t, client, `/aanvraag/${reference}/document`, form(client, caseId, { filename: 'te-groot.pdf', type: 'application/pdf', content: over }));
  assert.equal(refused.statusCode, 413);
  assert.match(refused.body, /Dit bestand is groter dan 10 MB/);
  assert.match(refused.body, new RegExp(`id="field-bestand-${caseId}-error"`));
  assert.equal((await documents(caseId)).length, 1);
});

test('an upload without a valid CSRF token is refused before anything is stored', async () => {
  const { client, reference, caseId } = await applicant();
  const file = { filename: 'loonstrook.pdf', type: 'application/pdf', content: PDF };
  const missing = await postMultipart(t, client, `/aanvraag/${reference}/document`, form(client, caseId, file, null));
  assert.equal(missing.statusCode, 403);
  assert.match(missing.body, /Het formulier is verlopen/);
  const wrong = await postMultipart(t, client, `/aanvraag/${reference}/document`, form(client, caseId, file, 'not-a-valid-token'));
  assert.equal(wrong.statusCode, 403);
  // The token after the file is too late: it is checked when the file begins.
  const late = await postMultipart(t, client, `/aanvraag/${reference}/document`, [{ name: 'zaak', value: caseId }, { name: 'bestand', ...file }, { name: '_csrf', value: client.csrf }]);
  assert.equal(late.statusCode, 403);
  const urlencoded = await client.post(`/aanvraag/${reference}/document`, { zaak: caseId }, { csrf: null });
  assert.equal(urlencoded.statusCode, 403);
  assert.equal((await documents(caseId)).length, 0);
  const events = await t.database.db.selectFrom('case_events').select('id').where('case_id', '=', caseId).where('kind', '=', 'document_uploaded').execute();
  assert.equal(events.length, 0);
});

test("another application's case and documents are out of reach, like ones that do not exist", async () => {
  const mine = await applicant();
  const theirs = await applicant();
  await postMultipart(t, theirs.client, `/aanvraag/${theirs.reference}/document`, form(theirs.client, theirs.caseId, { filename: 'hun-brief.pdf', type: 'application/pdf', content: PDF }));
  const [theirDoc] = await documents(theirs.caseId);
  assert.ok(theirDoc);

  const intoTheirCase = await postMultipart(t, mine.client, `/aanvraag/${mine.reference}/document`, form(mine.client, theirs.caseId, { filename: 'x.pdf', type: 'application/pdf', content: PDF }));
  assert.equal(intoTheirCase.statusCode, 404);
  assert.equal((await documents(theirs.caseId)).length, 1);
  assert.equal((await mine.client.get(`/aanvraag/${mine.reference}/document/${theirDoc.id}`)).statusCode, 404);
  assert.equal((await mine.client.get(`/aanvraag/${mine.reference}/document/${crypto.randomUUID()}`)).statusCode, 404);
  assert.equal((await mine.client.get(`/aanvraag/${mine.reference}/document/geen-id`)).statusCode, 404);
  const viaTheirs = await mine.client.get(`/aanvraag/${theirs.reference}/document/${theirDoc.id}`);
  assert.equal(viaTheirs.statusCode, 303);
  assert.equal(viaTheirs.headers.location, `/aanvraag?referentie=${theirs.reference}`);
  const anonymous = await postMultipart(t, new Client(t.app), `/aanvraag/${theirs.reference}/document`, form(mine.client, theirs.caseId, { filename: 'x.pdf', type: 'application/pdf', content: PDF }));
  assert.equal(anonymous.statusCode, 303);
  assert.equal((await documents(theirs.caseId)).length, 1);
});
