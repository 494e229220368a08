import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/faults.ts';
import { HttpError, ValidationError } from './errors.ts';
import { redirectToSignIn, SignInRequired } from './session.ts';
import { sendUnavailable } from './unavailable.ts';

const TITLES: Record<number, string> = {
  400: 'There is a problem with your request',
  403: 'You do not have permission to see this page',
  404: 'Page not found',
  413: 'The file or form you sent is too large',
  415: 'That type of content is not accepted',
  429: 'Too many requests',
  500: 'Sorry, there is a problem with the service',
  503: 'Sorry, the service is unavailable',
};

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');

/** One place turns errors into responses. Internals (stack, SQL) are logged, never shown. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setNotFoundHandler((request, reply) => {
    if (isApi(request)) return reply.code(404).send({ error: 'not_found', message: 'Not found' });
    return reply.code(404).page('errors/404.njk', { title: TITLES[404] });
  });

  app.setErrorHandler((error: FastifyError, request, reply: FastifyReply) => {
    if (error instanceof SignInRequired) {
      if (isApi(request))
        return reply.code(401).send({ error: 'unauthorised', message: 'Sign in required' });
      return redirectToSignIn(request, reply);
    }
    // The database is away (restarting, unreachable): not a bug, and worth trying again.
    if (isDatabaseUnavailable(error)) return sendUnavailable(request, reply, error, isApi(request));
    let status = 500;
    let message = TITLES[500] ?? '';
    if (error instanceof HttpError) {
      status = error.statusCode;
      message = error.message;
    } else if (
      typeof error.statusCode === 'number' &&
      error.statusCode >= 400 &&
      error.statusCode < 500
    ) {
      // Fastify's own client errors (bad JSON, body too large, unsupported media type).
      status = error.statusCode;
      message = TITLES[status] ?? 'There is a problem with your request';
    }
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (isApi(request)) {
      const body: Record<string, unknown> = { error: codeFor(status), message };
      if (error instanceof ValidationError) body.errors = error.errors;
      return reply.code(status).send(body);
    }
    const template =
      status === 404 ? 'errors/404.njk' : status >= 500 ? 'errors/500.njk' : 'errors/problem.njk';
    return reply.code(status).page(template, { title: TITLES[status] ?? TITLES[400], message });
  });
}

function codeFor(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request';
    case 401:
      return 'unauthorised';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 413:
      return 'too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'too_many_requests';
    case 503:
      return 'service_unavailable';
    default:
      return status >= 500 ? 'server_error' : 'invalid_request';
  }
}
