import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../core/db/index.ts';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { pageContext } from '../../core/layout/Layout.tsx';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { NotFoundError } from '../../core/errors.ts';
import { applicantApplicationId } from './applicant-session.ts';
import { normaliseReference } from './reference.ts';
import { loadStatus } from './status-data.ts';
import { STATUS_NOTICES, StatusPage, type StatusNotice } from './status-views.tsx';

/**
 * Who may see an application: only a browser whose applicant session (opened by the signed link
 * in a mail) is for that application. The application is found through the session, never by the
 * reference in the URL, so another family's reference behaves exactly like one that does not exist.
 */
export interface OwnApplication {
  id: string;
  reference: string;
}

export async function ownApplication(db: Db, request: FastifyRequest, referenceParam: unknown): Promise<OwnApplication | null> {
  const reference = normaliseReference(referenceParam);
  if (!reference) return null;
  const applicationId = await applicantApplicationId(db, request);
  if (!applicationId) return null;
  const row = await db.selectFrom('applications').select(['id', 'reference']).where('id', '=', applicationId).executeTakeFirst();
  return row && row.reference === reference ? row : null;
}

/** No session for this application: the page to ask for a link, with the reference filled in. */
export function toRequestPage(reply: FastifyReply, referenceParam: unknown): FastifyReply {
  const reference = normaliseReference(referenceParam);
  return seeOther(reply, reference ? `/aanvraag?referentie=${encodeURIComponent(reference)}` : '/aanvraag');
}

export function noticeFrom(query: unknown): StatusNotice | null {
  const value = (query as Record<string, unknown> | undefined)?.melding;
  return STATUS_NOTICES.includes(value as StatusNotice) ? (value as StatusNotice) : null;
}

export async function renderStatus(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  own: OwnApplication,
  view: { errors?: FieldErrors; values?: Record<string, string>; notice?: StatusNotice | null } = {},
  status = 200,
): Promise<FastifyReply> {
  const data = await loadStatus(db, own.id);
  // Deleted between the session check and now (retention): as if it never existed.
  if (!data) throw new NotFoundError();
  return sendPage(reply, <StatusPage ctx={pageContext(request, reply)} data={data} errors={view.errors ?? {}} values={view.values ?? {}} notice={view.notice ?? null} />, status);
}
