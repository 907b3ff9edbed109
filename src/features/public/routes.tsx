import type { FastifyInstance } from 'fastify';
import { sendPage, safeReturnPath } from '../../core/http/context.ts';
import { Layout, pageContext } from '../../core/layout/Layout.tsx';
import { PUBLIC_LANGUAGES, isLang } from '../../core/i18n/index.ts';
import { LANG_COOKIE } from '../../app.ts';

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split('\n\n').map((p, i) => (
        <p class="utrecht-paragraph" key={i}>
          {p}
        </p>
      ))}
    </>
  );
}

export async function publicRoutes(app: FastifyInstance) {
  const { database } = app.deps;

  for (const [path, key] of [
    ['/privacy', 'privacy'],
    ['/toegankelijkheid', 'accessibility'],
  ] as const) {
    app.get(path, { config: { public: true } }, async (request, reply) => {
      const ctx = pageContext(request, reply);
      const sections = ctx.t(`${key}.sections`, { returnObjects: true }) as unknown as Array<{ title: string; body: string }>;
      return sendPage(
        reply,
        <Layout ctx={ctx} title={ctx.t(`${key}.title`)}>
          <h1 class="utrecht-heading-1">{ctx.t(`${key}.title`)}</h1>
          <p class="utrecht-paragraph utrecht-paragraph--lead">{ctx.t(`${key}.lead`)}</p>
          {sections.map((s) => (
            <section key={s.title}>
              <h2 class="utrecht-heading-2">{s.title}</h2>
              <Paragraphs text={s.body} />
            </section>
          ))}
        </Layout>,
      );
    });
  }

  // Choosing a language is a harmless preference, so a plain link (GET) may set it.
  app.get<{ Params: { lang: string }; Querystring: { terug?: string } }>('/taal/:lang', { config: { public: true } }, async (request, reply) => {
    const { lang } = request.params;
    if (!isLang(lang) || !PUBLIC_LANGUAGES.includes(lang)) return reply.callNotFound();
    reply.setCookie(LANG_COOKIE, lang, { path: '/', httpOnly: true, secure: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 });
    return reply.redirect(safeReturnPath(request.query.terug, '/'), 303);
  });

  app.get('/healthz', { config: { public: true } }, async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));

  app.get('/readyz', { config: { public: true } }, async (_request, reply) => {
    const ok = await database.ping();
    return reply.status(ok ? 200 : 503).header('cache-control', 'no-store').send({ status: ok ? 'ok' : 'unavailable', database: database.kind });
  });
}
