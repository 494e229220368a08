import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  bodyProblem,
  cleanForm,
  cleanUrl,
  flawOf,
  formEncodingProblem,
  headerFlaw,
  INPUT_LIMITS,
  urlProblem,
  type Flaw,
  type InputProblem,
} from './input-text.ts';

// One guard in front of every route: text the database cannot store or that no person
// typed — control characters, broken UTF-8, lone surrogates, absurd lengths — is refused
// with a 400 before any handler runs, so nothing is half-saved. Respondents (/q/…, /i/…)
// carry unsaved answers in their forms: there such characters are replaced by U+FFFD and
// the respondent carries on.

/** The `type` of the API's problem+json answer, stable for clients to match. */
export const UNACCEPTABLE_INPUT = 'urn:ocw:problem:unacceptable-input';

const kUrlProblem = Symbol('ocw.input-guard.url');
type MarkedRequest = IncomingMessage & { [kUrlProblem]?: InputProblem | null };
const kFormProblem = Symbol('ocw.input-guard.form');
type MarkedForm = FastifyRequest & { [kFormProblem]?: InputProblem };

/** Forms up to this size are read raw, for broken percent-encoding, before they are parsed. */
const FORM_INSPECT_LIMIT = 1024 * 1024;

/** Headers the service reads; the cookie header is handled cookie by cookie. */
const READ_HEADERS = [
  'host',
  'authorization',
  'content-type',
  'accept',
  'accept-language',
  'origin',
  'referer',
] as const;

const isRespondentPath = (url: string) => url.startsWith('/q/') || url.startsWith('/i/');
const isApiPath = (url: string) => url.startsWith('/api/');

/**
 * Server options the guard needs: the address is checked before routing, where the router
 * would otherwise answer a malformed percent-encoding with its own bare JSON.
 */
export function inputGuardServerOptions(enabled: boolean) {
  return enabled ? { rewriteUrl: guardUrl } : {};
}

function guardUrl(req: IncomingMessage): string {
  const marked = req as MarkedRequest;
  const url = req.url ?? '/';
  const problem = urlProblem(url);
  marked[kUrlProblem] = null;
  if (problem === undefined) return url;
  if (isRespondentPath(url) && problem.flaw !== 'too-long') return cleanUrl(url);
  // Routed to no page, so that nothing reads it; the onRequest hook answers.
  marked[kUrlProblem] = problem;
  return isApiPath(url) ? '/api/unacceptable-address' : '/unacceptable-address';
}

export const inputGuard = fp(
  async (app: FastifyInstance, opts: { enabled: boolean }) => {
    if (!opts.enabled) return;

    app.addHook('onRequest', async (request, reply) => {
      const marked = (request.raw as MarkedRequest)[kUrlProblem];
      const problem = marked === undefined ? urlProblem(request.url) : marked;
      if (problem !== null && problem !== undefined) return refuse(request, reply, problem);
      for (const name of READ_HEADERS) {
        const value = request.headers[name];
        const flaw = typeof value === 'string' ? headerFlaw(value) : undefined;
        if (flaw !== undefined)
          return refuse(request, reply, { where: 'header', field: name, flaw });
      }
      // A cookie no browser of ours was given is ignored, as if it were not there.
      for (const [name, value] of Object.entries(request.cookies))
        if (
          value !== undefined &&
          flawOf(value, { breaks: false, max: INPUT_LIMITS.cookie }) !== undefined
        )
          request.cookies[name] = undefined;
      return undefined;
    });

    app.addHook('preParsing', async (request, _reply, payload) => {
      const type = request.headers['content-type'] ?? '';
      const length = Number(request.headers['content-length']);
      if (!type.startsWith('application/x-www-form-urlencoded') || isRespondentRoute(request))
        return payload;
      if (!(length >= 0 && length <= FORM_INSPECT_LIMIT)) return payload;
      const chunks: Buffer[] = [];
      for await (const chunk of payload as AsyncIterable<Buffer | string>)
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      const problem = formEncodingProblem(Buffer.concat(chunks).toString('utf8'));
      if (problem !== undefined) (request as MarkedForm)[kFormProblem] = problem;
      return Readable.from(chunks);
    });

    app.addHook('preValidation', async (request, reply) => {
      const marked = (request as MarkedForm)[kFormProblem];
      if (marked !== undefined) return refuse(request, reply, marked);
      const body: unknown = request.body;
      if (body === undefined || body === null) return undefined;
      // A workbook's bytes (an API upload) are not text: its reader checks the cells.
      if (Buffer.isBuffer(body)) return undefined;
      if (isRespondentRoute(request) && typeof body === 'object' && !Array.isArray(body)) {
        request.body = cleanForm(body as Record<string, unknown>);
        return undefined;
      }
      const problem = bodyProblem(body, { upload: typeof body === 'string' });
      if (problem !== undefined) return refuse(request, reply, problem);
      return undefined;
    });
  },
  { name: 'ocw-input-guard', dependencies: ['@fastify/cookie'] },
);

function isRespondentRoute(request: FastifyRequest): boolean {
  const pattern = request.routeOptions.url ?? '';
  return pattern.startsWith('/q/:key') || pattern.startsWith('/i/:key');
}

const FLAWS: Record<Flaw, string> = {
  characters: 'contains characters we cannot accept, such as control characters or a NUL byte',
  encoding: 'contains text that is not valid UTF-8, such as a broken or incomplete character',
  'too-long': 'is longer than we accept',
  'too-deep': 'is nested more deeply than we accept',
};

const TITLES: Record<InputProblem['where'], string> = {
  address: 'There is a problem with the address',
  form: 'There is a problem with the form',
  header: 'There is a problem with your request',
};

function describe(problem: InputProblem): string {
  const flaw = FLAWS[problem.flaw];
  if (problem.where === 'header') return `The ${problem.field} header ${flaw}.`;
  if (problem.where === 'address')
    return problem.field === 'address'
      ? `The address ${flaw}.`
      : `The address's "${problem.field}" value ${flaw}.`;
  return problem.field === 'file' ? `The file ${flaw}.` : `The "${problem.field}" field ${flaw}.`;
}

function refuse(request: FastifyRequest, reply: FastifyReply, problem: InputProblem) {
  request.log.info(
    { where: problem.where, field: problem.field, flaw: problem.flaw },
    'unacceptable input refused',
  );
  const detail = describe(problem);
  if (isApiPath(request.originalUrl))
    return reply
      .code(400)
      .type('application/problem+json; charset=utf-8')
      .send(
        JSON.stringify({
          type: UNACCEPTABLE_INPUT,
          title: 'The request contains input we cannot accept',
          status: 400,
          detail,
          field: problem.field,
          // The same members as the API's other errors.
          error: 'invalid_request',
          message: detail,
          errors: [{ field: problem.field, message: detail }],
        }),
      );
  return reply.code(400).page('errors/400.njk', {
    title: TITLES[problem.where],
    message: detail,
    where: problem.where,
    backLink: backLinkFor(request, problem),
    currentPath: '/',
  });
}

/** The page the person came from, if it is one of ours; otherwise the form or home page. */
function backLinkFor(request: FastifyRequest, problem: InputProblem): string {
  const referer = request.headers.referer;
  if (typeof referer === 'string' && problem.where !== 'header') {
    try {
      const from = new URL(referer);
      const path = `${from.pathname}${from.search}`;
      if (from.host === request.host && urlProblem(path) === undefined) return path;
    } catch {
      // Not an address: fall through.
    }
  }
  if (problem.where === 'form' && request.method === 'POST')
    return request.url.split('?')[0] ?? '/';
  return '/';
}
