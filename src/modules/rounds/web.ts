import type { FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { recordId } from '../../web/http.ts';
import { requireTrust, type AuthContext, type UserTrust } from '../../web/session.ts';
import type { Actor } from '../../kernel/audit.ts';
import type { TrustRole } from '../../kernel/roles.ts';
import type { RoundScope } from './scope.ts';
import { loadRound } from './service.ts';

// Page context for the rounds pages and the pages inside a round (plan, workshops).

export type TrustParams = { Params: { trust: string } };
export type RoundParams = { Params: { trust: string; round: string } };

/** Who may create rounds and change their status. */
export const ROUND_WRITERS = ['trust-admin'] as const satisfies readonly TrustRole[];
/** Who may change the plan and record focus groups and workshops. */
export const PLAN_WRITERS = ['trust-admin', 'contributor'] as const satisfies readonly TrustRole[];

export interface Crumb {
  text: string;
  href: string;
}

export interface TrustPage {
  auth: AuthContext;
  trust: UserTrust;
  actor: Actor;
  /** /trusts/<slug>/rounds */
  roundsBase: string;
  breadcrumbs: Crumb[];
}

export interface RoundPage extends TrustPage, RoundScope {
  /** /trusts/<slug>/rounds/<id> */
  base: string;
}

export function canDo(trust: UserTrust, roles: readonly TrustRole[]): boolean {
  return trust.roles.some((role) => roles.includes(role));
}

/** The trust from the URL: another trust answers 404, a role not in `allowed` 403. */
export function trustPage(
  request: FastifyRequest,
  slug: string,
  allowed?: readonly TrustRole[],
): TrustPage {
  const { auth, trust } = requireTrust(request, slug, allowed);
  const roundsBase = `/trusts/${trust.slug}/rounds`;
  return {
    auth,
    trust,
    actor: { userId: auth.user.id, label: auth.user.email },
    roundsBase,
    breadcrumbs: [
      { text: trust.name, href: `/trusts/${trust.slug}` },
      { text: 'Assessment rounds', href: roundsBase },
    ],
  };
}

/** The round from the URL in the trust from the URL; a round of another trust is a 404. */
export async function roundPage(
  db: Database,
  request: FastifyRequest,
  params: { trust: string; round: string },
  allowed?: readonly TrustRole[],
): Promise<RoundPage> {
  const page = trustPage(request, params.trust, allowed);
  const roundId = recordId(params.round);
  const scope = await db.withTrust(page.trust.id, (tx) => loadRound(tx, roundId));
  if (scope === undefined) throw new NotFoundError();
  const base = `${page.roundsBase}/${scope.round.id}`;
  return {
    ...page,
    ...scope,
    base,
    breadcrumbs: [...page.breadcrumbs, { text: scope.round.title, href: base }],
  };
}
