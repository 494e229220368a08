import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../web/errors.ts';
import { requireTrust, type AuthContext } from '../../web/session.ts';
import type { UserTrust } from '../people/repository.ts';
import type { Actor } from '../audit/repository.ts';

// Small helpers shared by the trust set-up pages.

export type TrustParams = { Params: { trust: string } };
export type TrustIdParams = { Params: { trust: string; id: string } };

export interface AdminContext {
  auth: AuthContext;
  trust: UserTrust;
  actor: Actor;
  base: string;
  breadcrumbs: { text: string; href: string }[];
}

/** The trust from the URL for its trust admin; others get 403, other trusts 404. */
export function requireAdmin(request: FastifyRequest, slug: string): AdminContext {
  const { auth, trust } = requireTrust(request, slug, ['trust-admin']);
  const base = `/trusts/${trust.slug}/settings`;
  return {
    auth,
    trust,
    actor: { userId: auth.user.id, label: auth.user.email },
    base,
    breadcrumbs: [
      { text: trust.name, href: `/trusts/${trust.slug}` },
      { text: 'Trust set-up', href: base },
    ],
  };
}

const idSchema = z.guid();

/** A record id from the URL; anything that is not a UUID cannot exist. */
export function recordId(value: string): string {
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

/** The fixed success message for ?done=<key>; user text is never echoed. */
export function flashFor(request: FastifyRequest, messages: Record<string, string>) {
  const done = (request.query as Record<string, unknown>).done;
  return typeof done === 'string' && Object.hasOwn(messages, done) ? messages[done] : undefined;
}

export function sendCsv(reply: FastifyReply, filename: string, body: string) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(body);
}
