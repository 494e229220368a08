import type { FastifyRequest } from 'fastify';
import { requireTrust, type AuthContext, type UserTrust } from '../../web/session.ts';
import type { Actor } from '../../kernel/audit.ts';

// Small helpers shared by the trust set-up pages.

export { flashFor, recordId, sendCsv } from '../../web/http.ts';

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
