import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { TRUST_ROLES } from '../../kernel/roles.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import {
  createTrustToken,
  listTrustTokens,
  revokeTrustToken,
  tokenSchema,
  type TrustToken,
} from './token-service.ts';

// A trust's API tokens in the JSON API, for trust admin tokens: the same rules and audit
// entries as Trust set-up → API tokens. A new token's secret is in the answer to its POST,
// once; no other answer holds it, and it is never kept for an Idempotency-Key replay.

const TAG = 'API tokens';
const ADMIN = ['trust-admin'] as const;

const trustParams = z.object({ trust: z.string().describe('The trust slug') });

const tokenOut = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.string().describe(`What the token may do in this trust: ${TRUST_ROLES.join(', ')}`),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable().describe('Roughly when it was last used (to the minute)'),
  revokedAt: z.iso.datetime().nullable().describe('When it was revoked; null while it works'),
});

const toToken = (t: TrustToken): z.input<typeof tokenOut> => ({
  id: t.id,
  name: t.name,
  role: t.role,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

const example = {
  id: '2e4a6c8e-1b3d-4f5a-9c7e-0d2f4b6a8c1e',
  name: 'Power BI board dashboard',
  role: 'viewer' as const,
  createdAt: '2026-03-02T09:15:00.000Z',
  lastUsedAt: '2026-03-09T07:00:00.000Z',
  revokedAt: null,
};

function listRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/api-tokens',
    summary: "The trust's API tokens",
    description: 'Every token of the trust, revoked ones too, oldest first. Never their secrets.',
    tag: TAG,
    roles: ADMIN,
    params: trustParams,
    response: z.array(tokenOut),
    example: { response: [example] },
    handler: async (ctx) => (await listTrustTokens(s.db, apiTrust(ctx).id)).map(toToken),
  });
}

function createRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/api-tokens',
    summary: 'Creates an API token',
    description:
      'The answer holds the token’s secret, this once: store it safely. It is never shown again, and an Idempotency-Key retry creates a new token rather than showing this one again.',
    tag: TAG,
    roles: ADMIN,
    params: trustParams,
    body: tokenSchema,
    response: tokenOut.extend({
      token: z.string().describe('The secret, for the Authorization header: Bearer ocw_…'),
    }),
    status: 201,
    example: {
      request: { name: 'Power BI board dashboard', role: 'viewer' },
      response: {
        ...example,
        lastUsedAt: null,
        token: 'ocw_Xq3v9LmT2pRz8KwY5nBc7dFg1hJk4sAe6uIo0tGy',
      },
    },
    handler: async (ctx) => {
      const created = await createTrustToken(s.db, apiTrust(ctx).id, apiActor(ctx), ctx.body);
      const answer = { ...toToken(created), token: created.token };
      // Sent from here, so that the mount keeps no copy of the secret for a replay.
      await ctx.reply
        .code(201)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(answer));
      return answer;
    },
  });
}

function revokeRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'DELETE',
    url: '/api/v1/trusts/:trust/api-tokens/:token',
    summary: 'Revokes an API token',
    description:
      'The token stops working at once. A token that is already revoked, or not of this trust, answers 404.',
    tag: TAG,
    roles: ADMIN,
    params: trustParams.extend({ token: z.uuid().describe('The token id (not its secret)') }),
    response: z.null().describe('No content'),
    status: 204,
    example: { response: null },
    handler: async (ctx) => {
      if (!(await revokeTrustToken(s.db, apiTrust(ctx).id, apiActor(ctx), ctx.params.token)))
        throw new NotFoundError();
      return null;
    },
  });
}

/** The API token operations, in the order of the OpenAPI document. */
export function tokensApi(s: { db: Database }) {
  return [listRoute(s), createRoute(s), revokeRoute(s)];
}
