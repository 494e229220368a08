import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formBody } from '../../web/forms.ts';
import { layoutContext } from './i18n.ts';
import type { EntryKind } from './entry.ts';
import type { AnsweringService } from './service.ts';
import type { Result } from './views.ts';

// Answering a questionnaire, with no account: /q/<code> for an open link, /i/<token> for a
// personal invitation. From an open link, progress travels in the forms and nothing is
// stored until the respondent submits, or asks to save and come back later (with a resume
// code). From an invitation, the link itself keeps the answers (see service.ts).

type Params = { key: string; n?: string };

const css = readFileSync(new URL('./static/respond.css', import.meta.url), 'utf8');

const langOf = (request: FastifyRequest) => (request.query as Record<string, unknown>).lang;

function send(reply: FastifyReply, result: Result) {
  if ('redirect' in result) return reply.redirect(result.redirect, 303);
  // Pages can hold answers: keep them out of shared caches and the browser's history cache.
  return reply
    .code(result.status)
    .header('cache-control', 'no-store')
    .page(`answering/views/${result.template}`, { ...layoutContext(result.ui), ...result.data });
}

export async function answeringRoutes(
  app: FastifyInstance,
  options: { answering: AnsweringService },
) {
  const service = options.answering;

  app.get('/respond/assets/respond.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
  );

  const entries: [EntryKind, string][] = [
    ['link', '/q'],
    ['invitation', '/i'],
  ];
  for (const [kind, root] of entries) {
    const prefix = `${root}/:key`;
    const route = (
      method: 'GET' | 'POST',
      path: string,
      handler: (request: FastifyRequest<{ Params: Params }>) => Promise<Result>,
    ) =>
      app.route<{ Params: Params }>({
        method,
        url: `${prefix}${path}`,
        handler: async (request, reply) => send(reply, await handler(request)),
      });

    route('GET', '', (r) => service.start(kind, r.params.key, langOf(r)));
    route('POST', '/start', (r) => service.begin(kind, r.params.key, formBody(r.body)));
    route('POST', '/about', (r) => service.about(kind, r.params.key, formBody(r.body)));
    route('POST', '/page/:n', (r) =>
      service.page(kind, r.params.key, r.params.n ?? '', formBody(r.body)),
    );
    route('POST', '/go', (r) => service.go(kind, r.params.key, formBody(r.body)));
    route('POST', '/submit', (r) => service.submit(kind, r.params.key, formBody(r.body)));
    if (kind === 'link') {
      route('GET', '/resume', (r) => service.resumeForm(kind, r.params.key, langOf(r)));
      route('POST', '/resume', (r) => service.resume(kind, r.params.key, formBody(r.body)));
    }
    route('GET', '/done', (r) => service.done(kind, r.params.key, langOf(r)));

    // The steps are forms; opened from a bookmark or a refresh they lead back to the start.
    // An invitation needs no resume code: its link carries on where it left off.
    const toStart = ['/start', '/about', '/page/:n', '/go', '/submit'];
    if (kind === 'invitation') toStart.push('/resume');
    const back = (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) =>
      reply.redirect(`${root}/${encodeURIComponent(request.params.key)}`, 303);
    for (const path of toStart) app.get<{ Params: Params }>(`${prefix}${path}`, back);
    if (kind === 'invitation') app.post<{ Params: Params }>(`${prefix}/resume`, back);
  }
}
