import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.ts';
import { isConnectionError } from '../db/index.ts';
import { Layout, pageContext } from '../layout/Layout.tsx';
import { sendPage, safeReturnPath } from './context.ts';

interface ErrorView {
  status: number;
  titleKey: string;
  bodyKey: string;
}

function classify(error: FastifyError | HttpError | Error): ErrorView {
  if (error instanceof HttpError) {
    const name = error.messageKey.split('.')[1]!;
    return { status: error.statusCode, titleKey: `errors.${name}`, bodyKey: `errors.${name}Body` };
  }
  // The database restarting or failing over: say so, and when to try again, instead of a server error.
  if (isConnectionError(error)) return { status: 503, titleKey: 'errors.unavailable', bodyKey: 'errors.unavailableBody' };
  const code = (error as FastifyError).code;
  const status = (error as FastifyError).statusCode ?? 500;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) return { status: 413, titleKey: 'errors.tooLarge', bodyKey: 'errors.tooLargeBody' };
  if (code?.startsWith('FST_CSRF')) return { status: 403, titleKey: 'errors.csrf', bodyKey: 'errors.csrfBody' };
  if (status === 429) return { status: 429, titleKey: 'errors.rateLimited', bodyKey: 'errors.rateLimitedBody' };
  if (status === 415) return { status: 415, titleKey: 'errors.badRequest', bodyKey: 'errors.badRequestBody' };
  if (status >= 400 && status < 500) return { status, titleKey: 'errors.badRequest', bodyKey: 'errors.badRequestBody' };
  return { status: 500, titleKey: 'errors.server', bodyKey: 'errors.serverBody' };
}

function renderError(request: FastifyRequest, reply: FastifyReply, view: ErrorView) {
  if (request.url.startsWith('/api/')) {
    // RFC 9457 problem details for the JSON API.
    return reply.status(view.status).type('application/problem+json').send({
      type: 'about:blank',
      title: request.t(view.titleKey),
      status: view.status,
      detail: request.t(view.bodyKey),
    });
  }
  let ctx;
  try {
    ctx = pageContext(request, reply);
  } catch {
    ctx = { lang: request.lang, t: request.t, staff: request.staff, professional: request.professional, csrfToken: '', path: request.url };
  }
  return sendPage(
    reply,
    <Layout ctx={ctx} title={ctx.t(view.titleKey)}>
      <h1 class="utrecht-heading-1">{ctx.t(view.titleKey)}</h1>
      <p class="utrecht-paragraph">{ctx.t(view.bodyKey)}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={ctx.staff ? '/beheer' : '/'}>
          {ctx.t('errors.backHome')}
        </a>
      </p>
    </Layout>,
    view.status,
  );
}

export function registerErrorPages(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => renderError(request, reply, { status: 404, titleKey: 'errors.notFound', bodyKey: 'errors.notFoundBody' }));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    // Not logged in on a staff page: send to the login page, and back here afterwards.
    if (error instanceof HttpError && error.statusCode === 401 && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.redirect(`/inloggen?terug=${encodeURIComponent(safeReturnPath(request.url, '/beheer'))}`, 303);
    }
    const view = classify(error);
    if (view.status === 503) reply.header('retry-after', '5');
    if (view.status === 503) request.log.warn({ code: (error as FastifyError).code }, 'database unreachable');
    else if (view.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: (error as FastifyError).code, status: view.status }, 'request refused');
    return renderError(request, reply, view);
  });
}
