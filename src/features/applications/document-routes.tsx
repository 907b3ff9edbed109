import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { HttpError, NotFoundError } from '../../core/errors.ts';
import { seeOther } from '../../core/http/context.ts';
import { caseProblem, isUuid, ownCase } from './status-data.ts';
import { ownApplication, renderStatus, toRequestPage } from './applicant-access.tsx';
import { fileField, statusPath } from './status-views.tsx';
import { MAX_UPLOAD_BYTES, contentDisposition, safeFileName, sniffType } from './uploads.ts';
import { readUpload } from './multipart-upload.ts';

/**
 * Documents the applicant sends with a case, and downloads of the case's documents. Multipart
 * parsing is registered in this plugin only, so no other route accepts file uploads.
 */
type WithReference = { Params: { reference: string } };
type WithDocument = { Params: { reference: string; documentId: string } };

export async function documentRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  // Too large is a message next to the field (readUpload looks at `truncated`), not a thrown error.
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 }, throwFileSizeLimit: false });

  const fail = (request: FastifyRequest, reply: FastifyReply, own: { id: string; reference: string }, caseId: string, key: string, status: number) =>
    renderStatus(db, request, reply, own, { errors: { [fileField(caseId)]: { key } } }, status);

  app.post<WithReference>(
    '/aanvraag/:reference/document',
    // CSRF is checked in the handler, from the form's first field, before the file is read (see multipart-upload.ts).
    // No route bodyLimit: Fastify applies it only to bodies it buffers, and raising it would let this
    // route take 10 MB of JSON or form text; the multipart limits below bound the upload instead.
    { config: { public: true, csrf: false } },
    async (request, reply) => {
      const own = await ownApplication(db, request, request.params.reference);
      if (!own) return toRequestPage(reply, request.params.reference);
      const upload = await readUpload(app, request, reply);
      if (upload.csrfError) throw upload.csrfError;
      const found = await ownCase(db, own.id, upload.fields.zaak);
      if (!found) throw new NotFoundError();
      if (upload.malformed) throw new HttpError(400, 'errors.badRequest');
      const problem = caseProblem(found.status);
      if (problem) return fail(request, reply, own, found.id, problem, 409);
      if (upload.tooMany) return fail(request, reply, own, found.id, 'applicationStatus.errors.fileOne', 400);
      if (upload.tooLarge) return fail(request, reply, own, found.id, 'applicationStatus.errors.fileTooLarge', 413);
      const file = upload.file;
      if (!file || (file.name === '' && file.content.length === 0)) return fail(request, reply, own, found.id, 'applicationStatus.errors.fileRequired', 400);
      if (file.content.length === 0) return fail(request, reply, own, found.id, 'applicationStatus.errors.fileEmpty', 400);
      const type = sniffType(file.content);
      if (!type) return fail(request, reply, own, found.id, 'applicationStatus.errors.fileType', 415);

      const fileName = safeFileName(file.name, type);
      const now = new Date();
      await db.transaction().execute(async (trx) => {
        const doc = await trx
          .insertInto('case_documents')
          .values({
            case_id: found.id,
            uploaded_by: 'applicant',
            file_name: fileName,
            content_type: type,
            size_bytes: file.content.length,
            sha256: crypto.createHash('sha256').update(file.content).digest('hex'),
            content: file.content,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('case_events').values({ case_id: found.id, at: now, kind: 'document_uploaded', actor_type: 'applicant', visible_to_applicant: true, details: JSON.stringify({ documentId: doc.id, fileName }) }).execute();
        await trx.updateTable('cases').set({ updated_at: now }).where('id', '=', found.id).execute();
      });
      return seeOther(reply, `${statusPath(own.reference)}?melding=document-ontvangen`);
    },
  );

  app.get<WithDocument>('/aanvraag/:reference/document/:documentId', { config: { public: true } }, async (request, reply) => {
    const own = await ownApplication(db, request, request.params.reference);
    if (!own) return toRequestPage(reply, request.params.reference);
    if (!isUuid(request.params.documentId)) throw new NotFoundError();
    const doc = await db
      .selectFrom('case_documents')
      .innerJoin('cases', 'cases.id', 'case_documents.case_id')
      .select(['case_documents.file_name', 'case_documents.content_type', 'case_documents.content'])
      .where('case_documents.id', '=', request.params.documentId)
      .where('cases.application_id', '=', own.id)
      .executeTakeFirst();
    if (!doc) throw new NotFoundError();
    // PGlite gives bytea as Uint8Array, pg as Buffer.
    const content = Buffer.from(doc.content);
    return reply
      .header('content-type', doc.content_type)
      .header('content-disposition', contentDisposition(doc.file_name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('content-length', String(content.length))
      .send(content);
  });
}
