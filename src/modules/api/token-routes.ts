import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../db/client.ts';
import { z } from 'zod';
import { tablePage } from '../../web/table-pages.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { errorView, formBody, parseWith } from '../../web/forms.ts';
import { requireTrust, type AuthContext, type UserTrust } from '../../web/session.ts';
import type { Actor } from '../../kernel/audit.ts';
import { ROLE_HINTS, ROLE_LABELS, TRUST_ROLES } from '../../kernel/roles.ts';
import {
  createTrustToken,
  listTrustTokens,
  revokeTrustToken,
  tokenSchema,
} from './token-service.ts';
import { tokensTable } from './token-table.ts';

const FLASH: Record<string, string> = { revoked: 'The token has been revoked' };

const ROLE_ITEMS = TRUST_ROLES.map((role) => ({
  value: role,
  text: ROLE_LABELS[role],
  hint: { text: ROLE_HINTS[role] },
}));

type TrustParams = { Params: { trust: string } };

const actorOf = (auth: AuthContext): Actor => ({ userId: auth.user.id, label: auth.user.email });

/** Trust admins create and revoke the trust's API tokens. A token is shown once only. */
export async function tokenRoutes(app: FastifyInstance, options: { db: Database }) {
  listPages(app, options.db);
  createRoute(app, options.db);
  revokeRoute(app, options.db);
  return Promise.resolve();
}

const crumbs = (trust: UserTrust) => [
  { text: trust.name, href: `/trusts/${trust.slug}` },
  { text: 'Trust set-up', href: `/trusts/${trust.slug}/settings` },
];

async function listPage(
  db: Database,
  reply: FastifyReply,
  trust: UserTrust,
  extra: Record<string, unknown> = {},
) {
  const tokens = await listTrustTokens(db, trust.id);
  return reply.page('api/views/tokens.njk', {
    title: 'API tokens',
    breadcrumbs: crumbs(trust),
    trust,
    tokens: tokensTable(trust, tokens),
    tablesAt: `/trusts/${trust.slug}/api-tokens`,
    roleItems: ROLE_ITEMS,
    values: {},
    ...extra,
  });
}

function listPages(app: FastifyInstance, db: Database) {
  tablePage<TrustParams>(app, '/trusts/:trust/api-tokens', async (request, reply) => {
    const { trust } = requireTrust(request, request.params.trust, ['trust-admin']);
    const done = (request.query as Record<string, unknown>).done;
    return listPage(db, reply, trust, {
      flash: typeof done === 'string' ? FLASH[done] : undefined,
    });
  });
}

/** Shows a new token once, straight from the POST. */
function createRoute(app: FastifyInstance, db: Database) {
  app.post<TrustParams>('/trusts/:trust/api-tokens', async (request, reply) => {
    const { auth, trust } = requireTrust(request, request.params.trust, ['trust-admin']);
    const body = formBody(request.body);
    const parsed = parseWith(tokenSchema, body);
    if (!parsed.ok)
      return listPage(db, reply.code(400), trust, {
        values: { name: body.name, role: body.role },
        errors: errorView(parsed.errors),
      });
    const { name, role } = parsed.data;
    const created = await createTrustToken(db, trust.id, actorOf(auth), { name, role });
    // Shown once, straight from the POST, and never stored by the browser or a proxy.
    return reply.header('cache-control', 'no-store').page('api/views/tokens-created.njk', {
      title: 'API token created',
      breadcrumbs: [
        ...crumbs(trust),
        { text: 'API tokens', href: `/trusts/${trust.slug}/api-tokens` },
      ],
      trust,
      name,
      role,
      token: created.token,
    });
  });
}

function revokeRoute(app: FastifyInstance, db: Database) {
  app.post<{ Params: { trust: string; id: string } }>(
    '/trusts/:trust/api-tokens/:id/revoke',
    async (request, reply) => {
      const { auth, trust } = requireTrust(request, request.params.trust, ['trust-admin']);
      const id = request.params.id;
      if (!z.uuid().safeParse(id).success) throw new NotFoundError();
      const revoked = await revokeTrustToken(db, trust.id, actorOf(auth), id);
      if (!revoked) throw new NotFoundError();
      return reply.redirect(`/trusts/${trust.slug}/api-tokens?done=revoked`, 303);
    },
  );
}
