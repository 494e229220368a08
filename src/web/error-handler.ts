import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/faults.ts';
import { HttpError, ValidationError, type FieldError } from '../kernel/errors.ts';
import { redirectToSignIn, SignInRequired } from './session.ts';
import { sendUnavailable } from './unavailable.ts';

/** The titles of the GOV.UK error pages. */
const TITLES: Record<number, string> = {
  400: 'There is a problem with your request',
  403: 'You do not have permission to see this page',
  404: 'Page not found',
  409: 'That cannot be done',
  412: 'The item has changed since you read it',
  413: 'The file or form you sent is too large',
  415: 'That type of content is not accepted',
  429: 'Too many requests',
  500: 'Sorry, there is a problem with the service',
  503: 'Sorry, the service is unavailable',
};

interface Kind {
  /** The `error` member clients matched before problem+json; also names the problem type. */
  code: string;
  title: string;
}

const INVALID_REQUEST: Kind = { code: 'invalid_request', title: 'Invalid request' };
const SERVER_ERROR: Kind = { code: 'server_error', title: 'Internal server error' };

/** The API's kinds of error, by status. */
const KINDS: Record<number, Kind> = {
  400: INVALID_REQUEST,
  401: { code: 'unauthorised', title: 'Unauthorised' },
  403: { code: 'forbidden', title: 'Forbidden' },
  404: { code: 'not_found', title: 'Not found' },
  409: { code: 'conflict', title: 'Conflict' },
  412: { code: 'precondition_failed', title: 'Precondition failed' },
  413: { code: 'too_large', title: 'Content too large' },
  415: { code: 'unsupported_media_type', title: 'Unsupported media type' },
  422: { code: 'unprocessable', title: 'Unprocessable content' },
  429: { code: 'too_many_requests', title: 'Too many requests' },
  500: SERVER_ERROR,
  503: { code: 'service_unavailable', title: 'Service unavailable' },
};

function kindOf(status: number): Kind {
  return KINDS[status] ?? (status >= 500 ? SERVER_ERROR : INVALID_REQUEST);
}

/** The stable `type` of an API problem (RFC 9457) for an error code: urn:ocw:problem:not-found. */
export function problemType(code: string): string {
  return `urn:ocw:problem:${code.replaceAll('_', '-')}`;
}

/** An API error as application/problem+json; `error`, `message`, `errors` as before. */
function sendProblem(
  reply: FastifyReply,
  status: number,
  message: string,
  errors?: FieldError[],
  precise?: string,
) {
  const kind = kindOf(status);
  const code = precise ?? kind.code;
  const { title } = kind;
  const body: Record<string, unknown> = {
    type: problemType(code),
    title,
    status,
    detail: message,
    error: code,
    message,
  };
  if (errors !== undefined) body.errors = errors;
  return reply.code(status).type('application/problem+json; charset=utf-8').send(body);
}

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');

/** The status and the safe message of an error; anything unknown is a 500 with no detail. */
function statusOf(error: FastifyError): { status: number; message: string; code?: string } {
  if (error instanceof HttpError)
    return { status: error.statusCode, message: error.message, code: error.code };
  const status = error.statusCode;
  // Fastify's own client errors (bad JSON, body too large, unsupported media type).
  if (typeof status === 'number' && status >= 400 && status < 500)
    return { status, message: TITLES[status] ?? 'There is a problem with your request' };
  return { status: 500, message: TITLES[500] ?? '' };
}

/** One place turns errors into responses. Internals (stack, SQL) are logged, never shown. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setNotFoundHandler((request, reply) => {
    if (isApi(request)) return sendProblem(reply, 404, 'Not found');
    return reply.code(404).page('errors/404.njk', { title: TITLES[404] });
  });

  app.setErrorHandler((error: FastifyError, request, reply: FastifyReply) => {
    if (error instanceof SignInRequired) {
      if (isApi(request)) return sendProblem(reply, 401, 'Sign in required');
      return redirectToSignIn(request, reply);
    }
    // The database is away (restarting, unreachable): not a bug, and worth trying again.
    if (isDatabaseUnavailable(error)) return sendUnavailable(request, reply, error, isApi(request));
    const { status, message, code } = statusOf(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (isApi(request))
      return sendProblem(
        reply,
        status,
        message,
        error instanceof ValidationError ? error.errors : undefined,
        code,
      );
    const template =
      status === 404 ? 'errors/404.njk' : status >= 500 ? 'errors/500.njk' : 'errors/problem.njk';
    return reply.code(status).page(template, { title: TITLES[status] ?? TITLES[400], message });
  });
}
