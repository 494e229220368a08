import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.ts';
import type { Mailer } from '../../mail.ts';
import { z } from 'zod';
import { errorView, formBody, parseWith } from '../../web/forms.ts';
import { SESSION_COOKIE } from '../../web/session.ts';
import { formatDateTime } from '../../web/views.ts';
import { setSessionTrust } from '../people/index.ts';
import {
  completePasswordLink,
  findLinkUser,
  requestPasswordReset,
  signIn,
  signOut,
} from './service.ts';
import { NotFoundError } from '../../kernel/errors.ts';

const signInSchema = z.object({
  email: z.email({ error: 'Enter an email address in the correct format, like name@example.org' }),
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(200, 'Password must be 200 characters or fewer'),
});

const emailSchema = z.object({
  email: z.email({ error: 'Enter an email address in the correct format, like name@example.org' }),
});

export const newPasswordSchema = z
  .object({
    password: z
      .string({ error: 'Enter a new password' })
      .min(12, 'Password must be at least 12 characters')
      .max(200, 'Password must be 200 characters or fewer'),
    confirm: z.string({ error: 'Enter the password again' }).min(1, 'Enter the password again'),
  })
  .refine((v) => v.password === v.confirm, {
    message: 'The passwords do not match',
    path: ['confirm'],
  });

/** Only same-site relative paths may be a redirect target. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

export interface AuthOptions {
  db: Database;
  mailer: Mailer;
  baseUrl: string;
}

/** Signing in and out, choosing a trust, and setting a password from an emailed link. */
export async function authRoutes(app: FastifyInstance, options: AuthOptions) {
  signInPages(app, options.db);
  sessionRoutes(app, options.db);
  forgotPasswordPages(app, options);
  for (const kind of ['reset-password', 'invitation'] as const)
    passwordLinkPages(app, options.db, kind);
  return Promise.resolve();
}

function signInPages(app: FastifyInstance, db: Database) {
  app.get('/sign-in', async (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>).next);
    return reply.page('auth/views/sign-in.njk', { title: 'Sign in', values: {}, next });
  });

  app.post('/sign-in', async (request, reply) => {
    const body = formBody(request.body);
    const next = safeNext(body.next);
    const parsed = parseWith(signInSchema, body);
    const values = { email: body.email };
    if (!parsed.ok)
      return reply.code(400).page('auth/views/sign-in.njk', {
        title: 'Sign in',
        values,
        next,
        errors: errorView(parsed.errors),
      });
    const result = await signIn(db, {
      ...parsed.data,
      previousSession: request.cookies[SESSION_COOKIE],
    });
    if (!result.ok) {
      const message =
        result.reason === 'locked'
          ? `Too many attempts to sign in. Try again after ${formatDateTime(result.until)}, or reset your password.`
          : 'Enter a correct email address and password';
      return reply.code(result.reason === 'locked' ? 429 : 400).page('auth/views/sign-in.njk', {
        title: 'Sign in',
        values,
        next,
        errors: errorView([{ field: 'email', message }]),
      });
    }
    reply.setCookie(SESSION_COOKIE, result.sessionSecret, app.sessionCookieOptions);
    reply.rotateCsrf();
    return reply.redirect(next, 303);
  });
}

/** Signing out, and the trust the session works in. */
function sessionRoutes(app: FastifyInstance, db: Database) {
  app.post('/sign-out', async (request, reply) => {
    await signOut(db, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.rotateCsrf();
    return reply.redirect('/signed-out', 303);
  });

  app.get('/signed-out', async (_request, reply) =>
    reply.page('auth/views/signed-out.njk', { title: 'You have signed out' }),
  );

  app.post('/switch-trust', async (request, reply) => {
    const auth = request.auth;
    if (auth === null) return reply.redirect('/sign-in', 303);
    const body = formBody(request.body);
    const trust = auth.trusts.find((t) => t.slug === body.trust);
    if (trust === undefined) throw new NotFoundError();
    await db.asSystem((tx) => setSessionTrust(tx, auth.sessionSecret, trust.id));
    return reply.redirect(`/trusts/${trust.slug}`, 303);
  });
}

function forgotPasswordPages(app: FastifyInstance, options: AuthOptions) {
  app.get('/forgot-password', async (_request, reply) =>
    reply.page('auth/views/forgot-password.njk', { title: 'Reset your password', values: {} }),
  );

  app.post('/forgot-password', async (request, reply) => {
    const body = formBody(request.body);
    const parsed = parseWith(emailSchema, body);
    if (!parsed.ok)
      return reply.code(400).page('auth/views/forgot-password.njk', {
        title: 'Reset your password',
        values: body,
        errors: errorView(parsed.errors),
      });
    await requestPasswordReset(options.db, options.mailer, options.baseUrl, parsed.data.email);
    return reply.page('auth/views/check-email.njk', {
      title: 'Check your email',
      email: parsed.data.email,
    });
  });
}

const linkExpired = { title: 'This link has expired or has been used' };

/** The page an emailed link opens: a new password for a reset, or a first one for an invitation. */
function passwordLinkPages(
  app: FastifyInstance,
  db: Database,
  kind: 'reset-password' | 'invitation',
) {
  const title = kind === 'invitation' ? 'Create your password' : 'Choose a new password';
  app.get<{ Params: { token: string } }>(`/${kind}/:token`, async (request, reply) => {
    const link = await findLinkUser(db, request.params.token);
    if (link === undefined) return reply.code(404).page('auth/views/link-expired.njk', linkExpired);
    return reply.page('auth/views/new-password.njk', {
      title,
      user: link.user,
      action: request.url,
    });
  });
  app.post<{ Params: { token: string } }>(`/${kind}/:token`, async (request, reply) => {
    const link = await findLinkUser(db, request.params.token);
    if (link === undefined) return reply.code(404).page('auth/views/link-expired.njk', linkExpired);
    const parsed = parseWith(newPasswordSchema, formBody(request.body));
    if (!parsed.ok)
      return reply.code(400).page('auth/views/new-password.njk', {
        title,
        user: link.user,
        action: request.url,
        errors: errorView(parsed.errors),
      });
    const done = await completePasswordLink(
      db,
      request.params.token,
      parsed.data.password,
      request.cookies[SESSION_COOKIE],
    );
    if (!done) return reply.code(404).page('auth/views/link-expired.njk', linkExpired);
    if (done.sessionSecret === null)
      return reply.page('auth/views/password-set.njk', { title: 'Your password has been set' });
    // An invitation accepted: signed in straight away, at home in their trust.
    reply.setCookie(SESSION_COOKIE, done.sessionSecret, app.sessionCookieOptions);
    reply.rotateCsrf();
    return reply.redirect(
      done.trust === undefined ? '/' : `/trusts/${done.trust.slug}?done=welcome`,
      303,
    );
  });
}
