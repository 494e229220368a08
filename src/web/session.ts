import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database, Tx } from '../db/client.ts';
import type { GlobalRole, TrustRole } from '../kernel/roles.ts';
import { ForbiddenError, NotFoundError } from '../kernel/errors.ts';

export const SESSION_COOKIE = 'ocw_session';

/** How long a session lasts, in the database and in the cookie. */
export const SESSION_DAYS = 14;

/** A trust the signed-in person belongs to, with their roles in it. */
export interface UserTrust {
  id: string;
  slug: string;
  name: string;
  roles: TrustRole[];
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface AuthContext {
  user: SessionUser;
  sessionSecret: string;
  globalRoles: GlobalRole[];
  trusts: UserTrust[];
  currentTrust: UserTrust | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

/** Who holds the session whose cookie is `secret`; null for none, an expired or a disabled one. */
export type SignedIn = (tx: Tx, secret: string) => Promise<AuthContext | null>;

export interface SessionOptions {
  db: Database;
  secureCookies: boolean;
  /** Reads the session from the database (auth's signedIn), in a system transaction. */
  signedIn: SignedIn;
}

/** Loads the signed-in person, their trusts and roles from the session stored in the database. */
export const sessionPlugin = fp(
  async (app: FastifyInstance, opts: SessionOptions) => {
    app.decorateRequest('auth', null);
    app.addHook('onRequest', async (request) => {
      // The API (/api/v1/) goes by bearer token; its documentation page is a page like any other.
      if (request.url.startsWith('/assets/') || request.url.startsWith('/api/v1/')) return;
      const secret = request.cookies[SESSION_COOKIE];
      if (secret === undefined || secret.length > 100) return;
      request.auth = await opts.db.asSystem((tx) => opts.signedIn(tx, secret));
    });
    app.decorate('sessionCookieOptions', {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: opts.secureCookies,
      path: '/',
      maxAge: SESSION_DAYS * 24 * 3600,
    });
  },
  { name: 'ocw-session', dependencies: ['@fastify/cookie'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    sessionCookieOptions: {
      httpOnly: boolean;
      sameSite: 'lax';
      secure: boolean;
      path: string;
      maxAge: number;
    };
  }
}

export class SignInRequired extends Error {}

export function requireUser(request: FastifyRequest): AuthContext {
  if (request.auth === null) throw new SignInRequired();
  return request.auth;
}

export function hasGlobalRole(auth: AuthContext, role: GlobalRole): boolean {
  return auth.globalRoles.includes(role);
}

export function requireGlobalRole(request: FastifyRequest, role: GlobalRole): AuthContext {
  const auth = requireUser(request);
  if (!hasGlobalRole(auth, role)) throw new ForbiddenError();
  return auth;
}

/**
 * The trust named in the URL, if the person belongs to it. Another trust's pages answer
 * 404 (their existence is not revealed); a role that is not allowed answers 403.
 */
export function requireTrust(
  request: FastifyRequest,
  slug: string,
  allowed?: readonly TrustRole[],
): { auth: AuthContext; trust: UserTrust } {
  const auth = requireUser(request);
  const trust = auth.trusts.find((t) => t.slug === slug);
  if (trust === undefined) throw new NotFoundError();
  if (allowed !== undefined && !trust.roles.some((role) => allowed.includes(role)))
    throw new ForbiddenError();
  return { auth, trust };
}

export function redirectToSignIn(request: FastifyRequest, reply: FastifyReply) {
  const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
  return reply.redirect(`/sign-in${next}`, 303);
}
