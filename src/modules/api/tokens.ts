import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { apiTokens, trusts } from '../../db/schema/index.ts';
import { HttpError, insertedRow } from '../../kernel/errors.ts';
import { newSecret, sha256 } from '../people/index.ts';
import { isGlobalRole, isTrustRole, type Role } from '../../kernel/roles.ts';
import type { ApiPrincipal } from '../../web/api-route.ts';
import { countCall, type RateState } from './rate-limit.ts';

export class UnauthorisedError extends HttpError {
  constructor() {
    super(401, 'A valid bearer token is required');
  }
}

const PREFIX = 'ocw_';

/**
 * Checks an Authorization header. Tokens are stored only as SHA-256 hashes. With a rate
 * limit, the call is counted against the token in the same transaction.
 */
export async function authenticateToken(
  db: Database,
  header: string | undefined,
  rateLimit?: number,
): Promise<ApiPrincipal & { rate?: RateState }> {
  const match = /^Bearer\s+(ocw_[A-Za-z0-9_-]{20,100})$/.exec(header ?? '');
  if (match?.[1] === undefined) throw new UnauthorisedError();
  const hash = sha256(match[1]);
  const principal = await db.asSystem(async (tx) => {
    const [row] = await tx
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        role: apiTokens.role,
        trustId: apiTokens.trustId,
        trustSlug: trusts.slug,
        lastUsedAt: apiTokens.lastUsedAt,
      })
      .from(apiTokens)
      .leftJoin(trusts, eq(trusts.id, apiTokens.trustId))
      .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)));
    if (row === undefined) return undefined;
    // Record use at most once a minute, to keep reads cheap.
    if (row.lastUsedAt === null || Date.now() - row.lastUsedAt.getTime() > 60_000)
      await tx
        .update(apiTokens)
        .set({ lastUsedAt: sql`now()` })
        .where(eq(apiTokens.id, row.id));
    const rate = rateLimit === undefined ? undefined : await countCall(tx, row.id, rateLimit);
    return { ...row, rate };
  });
  if (principal === undefined || !(isTrustRole(principal.role) || isGlobalRole(principal.role)))
    throw new UnauthorisedError();
  return {
    tokenId: principal.id,
    name: principal.name,
    role: principal.role,
    trustId: principal.trustId,
    trustSlug: principal.trustSlug,
    ...(principal.rate === undefined ? {} : { rate: principal.rate }),
  };
}

/** Creates a token; the secret is returned once and never stored. */
export async function createApiToken(
  tx: Tx,
  input: { trustId: string | null; role: Role; name: string; createdBy: string | null },
): Promise<{ id: string; token: string }> {
  const { secret } = newSecret();
  const token = `${PREFIX}${secret}`;
  const [row] = await tx
    .insert(apiTokens)
    .values({
      trustId: input.trustId,
      role: input.role,
      name: input.name,
      tokenHash: sha256(token),
      createdBy: input.createdBy,
    })
    .returning({ id: apiTokens.id });
  return { id: insertedRow(row, 'an API token').id, token };
}

export async function listApiTokens(tx: Tx, trustId: string) {
  return tx
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.trustId, trustId))
    .orderBy(apiTokens.createdAt);
}

export async function revokeApiToken(tx: Tx, trustId: string, id: string): Promise<boolean> {
  const rows = await tx
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.trustId, trustId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length === 1;
}
