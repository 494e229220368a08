import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database, Tx } from '../../db/client.ts';
import { z } from 'zod';
import { tablePage } from '../../web/table-pages.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { errorView, formBody, parseWith } from '../../web/forms.ts';
import { requireTrust, type UserTrust } from '../../web/session.ts';
import { audit } from '../../kernel/audit.ts';
import { ROLE_HINTS, ROLE_LABELS, TRUST_ROLES, type TrustRole } from '../../kernel/roles.ts';
import { tokensTable } from './token-table.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './tokens.ts';

const tokenSchema = z.object({
  name: z
    .string({ error: 'Enter a name for the token' })
    .min(1, 'Enter a name for the token')
    .max(80, 'Name must be 80 characters or fewer'),
  role: z.enum(TRUST_ROLES, { error: 'Select what the token may do' }),
});

const FLASH: Record<string, string> = { revoked: 'The token has been revoked' };

const ROLE_ITEMS = TRUST_ROLES.map((role) => ({
  value: role,
  text: ROLE_LABELS[role],
  hint: { text: ROLE_HINTS[role] },
}));

type TrustParams = { Params: { trust: string } };

/** Creates a token, and says so in the audit log, in the caller's transaction. */
async function createAudited(
  tx: Tx,
  user: { id: string; email: string },
  trustId: string,
  values: { name: string; role: TrustRole },
) {
  const token = await createApiToken(tx, { trustId, ...values, createdBy: user.id });
  await audit(
    tx,
    { userId: user.id, label: user.email },
    {
      trustId,
      action: 'created API token',
      entity: 'api_token',
      entityId: token.id,
      details: { ...values },
    },
  );
  return token;
}

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
  const tokens = await db.withTrust(trust.id, (tx) => listApiTokens(tx, trust.id));
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
    const created = await db.withTrust(trust.id, (tx) =>
      createAudited(tx, auth.user, trust.id, { name, role }),
    );
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
      const revoked = await db.withTrust(trust.id, async (tx) => {
        const token = (await listApiTokens(tx, trust.id)).find((t) => t.id === id);
        if (token === undefined || !(await revokeApiToken(tx, trust.id, id))) return false;
        await audit(
          tx,
          { userId: auth.user.id, label: auth.user.email },
          {
            trustId: trust.id,
            action: 'revoked API token',
            entity: 'api_token',
            entityId: id,
            details: { name: token.name, role: token.role },
          },
        );
        return true;
      });
      if (!revoked) throw new NotFoundError();
      return reply.redirect(`/trusts/${trust.slug}/api-tokens?done=revoked`, 303);
    },
  );
}
