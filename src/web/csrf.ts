import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../kernel/errors.ts';

export const CSRF_COOKIE = 'ocw_csrf';
export const CSRF_FIELD = '_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    csrfToken: () => string;
  }
  interface FastifyReply {
    rotateCsrf: () => void;
  }
  interface FastifyContextConfig {
    /**
     * false: the route takes unsafe requests without the token. Only for a route whose URL
     * carries its own signed secret and that a mail client calls with no cookies (one-click
     * unsubscribe, RFC 8058).
     */
    csrf?: boolean;
  }
}

/**
 * Signed double-submit tokens: a random secret in an HttpOnly cookie, and in every form an
 * HMAC of it under the server secret. Every unsafe HTML request must carry the token; the
 * JSON API (bearer tokens, no cookies) is exempt. Checked in preValidation, after the body
 * is parsed. Works across app instances that share SESSION_SECRET, and without JavaScript.
 */
export const csrfPlugin = fp(
  async (app: FastifyInstance, opts: { secret: string; secureCookies: boolean }) => {
    const sign = (value: string) =>
      createHmac('sha256', opts.secret).update(value).digest('base64url');
    const cookieOptions = {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: opts.secureCookies,
      path: '/',
    };

    app.decorateRequest('csrfToken', function (this: FastifyRequest) {
      return '';
    });
    app.decorateReply('rotateCsrf', function (this: FastifyReply) {
      const secret = randomBytes(24).toString('base64url');
      this.setCookie(CSRF_COOKIE, secret, cookieOptions);
      this.request.csrfToken = () => sign(secret);
    });

    app.addHook('onRequest', async (request, reply) => {
      // The API (/api/v1/) goes by bearer token; its documentation page is a page like any other.
      if (request.url.startsWith('/assets/') || request.url.startsWith('/api/v1/')) return;
      const existing = request.cookies[CSRF_COOKIE];
      let secret = existing;
      request.csrfToken = () => {
        if (secret === undefined) {
          secret = randomBytes(24).toString('base64url');
          reply.setCookie(CSRF_COOKIE, secret, cookieOptions);
        }
        return sign(secret);
      };
    });

    app.addHook('preValidation', async (request: FastifyRequest) => {
      if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
      if (request.url.startsWith('/api/')) return;
      if (request.routeOptions.config.csrf === false) return;
      const secret = request.cookies[CSRF_COOKIE];
      const given = submittedToken(request);
      if (secret === undefined || given === undefined) throw new CsrfError();
      const expected = Buffer.from(sign(secret));
      const actual = Buffer.from(given);
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual))
        throw new CsrfError();
    });
  },
  { name: 'ocw-csrf', dependencies: ['@fastify/cookie'] },
);

export class CsrfError extends HttpError {
  constructor() {
    super(403, 'Your form has expired. Go back, refresh the page and try again.');
  }
}

/**
 * The token from a urlencoded form's body, or — for a file upload (multipart), whose body
 * is read later by the route — from the form's action URL (?_csrf=…).
 */
function submittedToken(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  if (typeof body?.[CSRF_FIELD] === 'string') return body[CSRF_FIELD];
  if (request.isMultipart()) {
    const query = request.query as Record<string, unknown>;
    if (typeof query[CSRF_FIELD] === 'string') return query[CSRF_FIELD];
  }
  return undefined;
}
