import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CsrfError } from '../../web/csrf.ts';
import { formBody } from '../../web/forms.ts';
import { layoutContext } from './i18n.ts';
import type { EntryKind } from './entry.ts';
import { CODE_COOKIE, SENT } from './progress.ts';
import type { AnsweringService } from './service.ts';
import type { Result } from './views.ts';
import type { Visit } from './kit.ts';

// Answering a questionnaire, with no account: /q/<code> for an open link, /i/<token> for a
// personal invitation. Every step is a page (GET) and a form that posts to it, stores the
// answers and redirects to the next page (303), so Back and refresh never resend a form.

type Params = { key: string; n?: string };
type Request = FastifyRequest<{ Params: Params }>;

const css = readFileSync(new URL('./static/respond.css', import.meta.url), 'utf8');
/** What mirrors GOV.UK's left-to-right layout for a right-to-left language. */
const rtlCss = readFileSync(new URL('./static/respond-rtl.css', import.meta.url), 'utf8');

function send(
  request: Request,
  reply: FastifyReply,
  kind: EntryKind,
  result: Result,
  secure: boolean,
) {
  if ('redirect' in result) {
    // An open link's save code, kept only for the link's own pages.
    const cookie = {
      path: `/q/${encodeURIComponent(request.params.key)}`,
      httpOnly: true,
      sameSite: 'lax' as const,
      secure,
    };
    if (kind === 'link' && typeof result.cookie === 'string')
      reply.setCookie(CODE_COOKIE, result.cookie, { ...cookie, maxAge: 30 * 24 * 3600 });
    // Once sent, the cookie only says so: Back then shows the thank-you page again.
    if (kind === 'link' && result.cookie === null)
      reply.setCookie(CODE_COOKIE, SENT, { ...cookie, maxAge: 24 * 3600 });
    return reply.redirect(result.redirect, 303);
  }
  // Pages can hold answers: keep them out of shared caches and the browser's history cache.
  return reply
    .code(result.status)
    .header('cache-control', 'no-store')
    .page(`answering/views/${result.template}`, { ...layoutContext(result.ui), ...result.data });
}

/** The respondent pages' own stylesheets (and the right-to-left one). */
function stylesheets(app: FastifyInstance) {
  for (const [name, body] of [
    ['respond.css', css],
    ['respond-rtl.css', rtlCss],
  ] as const)
    app.get(`/respond/assets/${name}`, async (_request, reply) =>
      reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(body),
    );
}

function visit(kind: EntryKind, request: Request): Visit {
  const query = request.query as Record<string, unknown>;
  return {
    kind,
    key: request.params.key,
    lang: query.lang,
    switchTo: request.method === 'GET' ? query.lang : undefined,
    query,
    body: request.method === 'POST' ? formBody(request.body) : {},
    cookie: kind === 'link' ? request.cookies[CODE_COOKIE] : undefined,
  };
}

export async function answeringRoutes(
  app: FastifyInstance,
  options: { answering: AnsweringService },
) {
  const service = options.answering;
  const secure = service.secureCookies;

  // A form sent after the browser lost its cookies fails its CSRF check: instead of the
  // staff's error page, the respondent is shown how to carry on.
  app.setErrorHandler(async (error, request: Request, reply) => {
    if (!(error instanceof CsrfError)) throw error;
    const kind: EntryKind = request.url.startsWith('/i/') ? 'invitation' : 'link';
    const lost = await service.lost({ ...visit(kind, request), cookie: undefined });
    return send(request, reply, kind, lost, secure);
  });

  stylesheets(app);

  const entries: [EntryKind, string][] = [
    ['link', '/q'],
    ['invitation', '/i'],
  ];
  for (const [kind, root] of entries) {
    const prefix = `${root}/:key`;
    const route = (
      method: 'GET' | 'POST',
      path: string,
      handler: (visit: Visit, request: Request) => Promise<Result>,
    ) =>
      app.route<{ Params: Params }>({
        method,
        url: `${prefix}${path}`,
        handler: async (request, reply) =>
          send(request, reply, kind, await handler(visit(kind, request), request), secure),
      });

    route('GET', '', (v) => service.start(v));
    route('POST', '/start', (v) => service.begin(v));
    route('GET', '/about', (v) => service.step(v, 'about'));
    route('POST', '/about', (v) => service.about(v));
    route('GET', '/page/:n', (v, r) => service.step(v, `page-${r.params.n ?? ''}`));
    route('POST', '/page/:n', (v, r) => service.page(v, r.params.n ?? ''));
    route('GET', '/check', (v) => service.check(v));
    route('POST', '/submit', (v) => service.submit(v));
    route('GET', '/saved', (v) => service.saved(v));
    route('GET', '/done', (v) => service.done(v));
    if (kind === 'link') {
      route('GET', '/resume', (v) => service.resumeForm(v));
      route('POST', '/resume', (v) => service.resume(v));
    }
    // Opened from a bookmark or a refresh, these lead back to the start.
    const back = (request: Request, reply: FastifyReply) =>
      reply.redirect(`${root}/${encodeURIComponent(request.params.key)}`, 303);
    for (const path of ['/start', '/submit']) app.get<{ Params: Params }>(`${prefix}${path}`, back);
    if (kind === 'invitation') {
      app.get<{ Params: Params }>(`${prefix}/resume`, back);
      app.post<{ Params: Params }>(`${prefix}/resume`, back);
    }
  }
}
